package io.eventline.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Operator commands on the outbox: what is stuck, and retrying or skipping dead events. Used by
 * {@code eventline outbox ...}; safe to run while relays are running.
 *
 * <p>Retrying a dead event resets its attempts; the relay that owns its partition sends it on its
 * next round, and the aggregate flows again once it succeeds. Skipping marks it published without
 * sending it, which unfreezes its aggregate: consumers never see that event. Both are recorded in
 * the row ({@code last_error}, {@code skipped_at}).
 */
public interface OutboxAdmin {

  static OutboxAdmin create(DataSource dataSource) {
    return new JdbcOutboxAdmin(dataSource);
  }

  /** Counts and the partition owners; the pending count is capped at {@code pendingCap}. */
  OutboxStatus status();

  /** The oldest dead events, at most {@code limit}. */
  List<DeadEvent> dead(int limit);

  /** Makes one dead or retrying event eligible for sending now. */
  Result retry(UUID eventId);

  /** Makes every dead event eligible for sending now; returns how many. */
  int retryAll();

  /** Marks one unpublished event as skipped (never sent); {@code reason} is kept in the row. */
  Result skip(UUID eventId, String reason);

  /** What a command on one event did. */
  enum Result {
    /** Done. */
    DONE,
    /** No event with that id is in the outbox (it may have been published and purged). */
    NOT_FOUND,
    /** The event was already published or skipped; nothing changed. */
    ALREADY_PUBLISHED,
    /** The event is pending and healthy; nothing to retry. */
    NOT_FAILED
  }

  /**
   * The state of the outbox.
   *
   * @param pending unpublished rows that are not dead, at most {@code pendingCap}
   * @param pendingCapped whether the pending count hit the cap
   * @param retrying pending rows that failed at least once
   * @param dead dead rows, freezing their aggregates
   * @param oldestPendingAge age of the oldest pending row (zero when none)
   * @param partitions who holds each partition
   */
  record OutboxStatus(
      long pending,
      boolean pendingCapped,
      long retrying,
      long dead,
      Duration oldestPendingAge,
      List<PartitionOwner> partitions) {}

  /**
   * One partition's lease.
   *
   * @param partition 0 to 31
   * @param owner the relay instance, or {@code null} when free
   * @param token the fencing token, incremented on every acquisition
   * @param expiresAt when the lease runs out unless renewed
   * @param live whether the lease is unexpired
   */
  record PartitionOwner(int partition, String owner, long token, Instant expiresAt, boolean live) {}

  /** A dead event and why it died. */
  record DeadEvent(
      long position,
      UUID eventId,
      String aggregateType,
      String aggregateId,
      String eventType,
      String topic,
      int attempts,
      String lastError,
      Instant createdAt,
      Instant deadAt) {}
}

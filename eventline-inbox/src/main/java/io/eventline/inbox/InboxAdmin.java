package io.eventline.inbox;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Operator commands on the dead letters, behind {@code eventline inbox dead} and {@code eventline
 * inbox replay EVENT_ID|--all}. Safe to run while consumers are running.
 *
 * <p>A replay is a request: it flags the dead letter, and the consumer that owns it runs it on its
 * next round ({@link Inbox#replayRequested}, which the Kafka runner calls on a schedule), because
 * only the consumer process has the handler. A replay runs through the same insert-first path, so
 * replaying twice, or replaying an event that a redelivery handled meanwhile, runs the handler at
 * most once. A replay that fails keeps the event dead with the new error; request it again.
 */
public interface InboxAdmin {

  static InboxAdmin create(DataSource dataSource) {
    return create(dataSource, Clock.systemUTC());
  }

  static InboxAdmin create(DataSource dataSource, Clock clock) {
    return new JdbcInboxAdmin(dataSource, clock);
  }

  /** The oldest unresolved dead letters of every consumer, at most {@code limit}. */
  List<DeadLetter> dead(int limit);

  /** The oldest unresolved dead letters of {@code consumer}, at most {@code limit}. */
  List<DeadLetter> dead(String consumer, int limit);

  /** Requests a replay of {@code eventId} for every consumer that holds it dead. */
  ReplayRequest replay(UUID eventId);

  /** Requests a replay of {@code eventId} for {@code consumer}. */
  ReplayRequest replay(String consumer, UUID eventId);

  /** Requests a replay of every unresolved, replayable dead letter; returns how many. */
  int replayAll();

  /** Requests a replay of every unresolved, replayable dead letter of {@code consumer}. */
  int replayAll(String consumer);

  /** What a replay request did. */
  enum ReplayRequest {
    /** Flagged; the consumer runs it on its next round. */
    REQUESTED,
    /** No dead letter with that event id (for that consumer). */
    NOT_FOUND,
    /** It was replayed already; nothing changed. */
    ALREADY_REPLAYED
  }
}

package io.eventline.inbox;

import io.eventline.core.PayloadCodecException;
import java.util.UUID;

/**
 * What the inbox did with one event.
 *
 * @param outcome what happened
 * @param consumer the consumer name
 * @param eventId the event, or {@code null} for a malformed record that has none
 * @param attempts handler attempts made by this call (0 for a duplicate)
 * @param order what the ordering guard saw; {@link OrderCheck#NOT_CHECKED} when it is off or the
 *     event has no aggregate version
 * @param error why the last attempt failed, or {@code null}
 */
public record InboxResult(
    Outcome outcome,
    String consumer,
    UUID eventId,
    int attempts,
    OrderCheck order,
    Throwable error) {

  /** What happened to an event. */
  public enum Outcome {
    /** The handler ran and its writes committed with the mark. */
    PROCESSED,
    /** The mark was already there: an earlier or concurrent delivery handled it; nothing ran. */
    DUPLICATE,
    /** The ordering guard set it aside in the dead letters; the handler did not run. */
    PARKED,
    /** Recorded in the dead letters (with its mark, so redeliveries are duplicates). */
    DEAD_LETTERED,
    /** The attempt rolled back; nothing of it remains. Retry it, or dead-letter it. */
    FAILED
  }

  /** The ordering guard's view of an event's aggregate version. */
  public enum OrderCheck {
    NOT_CHECKED,
    /** The first version this consumer saw of the aggregate. */
    FIRST,
    /** The version after the last one handled. */
    IN_ORDER,
    /** Versions are missing between the last one handled and this one. */
    GAP,
    /** This version is not above the last one handled: late, or a different event reusing it. */
    OLDER
  }

  /**
   * Whether the event needs no more work from the caller: the source may acknowledge it (commit the
   * Kafka offset). Only {@link Outcome#FAILED} is unsettled.
   */
  public boolean isSettled() {
    return outcome != Outcome.FAILED;
  }

  /**
   * Whether the failure cannot go away by retrying: the handler rejected the event ({@link
   * RejectedEventException}) or its payload could not be decoded ({@link PayloadCodecException}).
   */
  public boolean isPermanentFailure() {
    return outcome == Outcome.FAILED && Failures.isPermanent(error);
  }

  static InboxResult of(Outcome outcome, String consumer, UUID eventId, int attempts) {
    return new InboxResult(outcome, consumer, eventId, attempts, OrderCheck.NOT_CHECKED, null);
  }
}

package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code eventline_dead_letter}: an event a consumer gave up on, or parked.
 *
 * @param id the row id
 * @param consumer the consumer that gave up
 * @param kind why
 * @param eventId the event, or {@code null} for a malformed record without one
 * @param eventType the event type, when known
 * @param aggregateType the aggregate type, when known
 * @param aggregateId the aggregate id, when known
 * @param aggregateVersion the aggregate version, when known
 * @param source where the delivery came from (such as {@code kafka:orders/3@1234}), or {@code null}
 * @param attempts handler attempts made before giving up (replays add theirs)
 * @param error the last error, with the reason
 * @param deadAt when it was written here
 * @param replayRequestedAt when an operator asked for a replay that has not run yet, or {@code
 *     null}
 * @param replayedAt when a replay settled it, or {@code null} while it is still dead
 * @param replayOutcome {@code PROCESSED} or {@code DUPLICATE} once replayed, else {@code null}
 * @param replayError why the last replay failed, or {@code null}
 * @param envelope the full event as delivered (payload as bytes), or {@code null} when the record
 *     could not be read as an event
 * @param rawValue the delivered bytes of a malformed record, or {@code null}
 */
public record DeadLetter(
    long id,
    String consumer,
    Kind kind,
    UUID eventId,
    String eventType,
    String aggregateType,
    String aggregateId,
    Long aggregateVersion,
    String source,
    int attempts,
    String error,
    Instant deadAt,
    Instant replayRequestedAt,
    Instant replayedAt,
    String replayOutcome,
    String replayError,
    EventEnvelope<byte[]> envelope,
    byte[] rawValue) {

  /** Why an event is in the dead letters. */
  public enum Kind {
    /** The handler failed every attempt. */
    FAILED,
    /** The handler threw {@link RejectedEventException}. */
    REJECTED,
    /** The delivery could not be read as an event, or its payload could not be decoded. */
    MALFORMED,
    /** The ordering guard parked it: its version was out of order. */
    PARKED
  }

  /** Whether a replay can run it: it is still dead and it was read as an event. */
  public boolean isReplayable() {
    return replayedAt == null && envelope != null;
  }
}

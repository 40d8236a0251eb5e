package io.eventline.timeline;

import java.time.Instant;

/**
 * One thing that happened to an event in one service.
 *
 * @param at when, by that service's database clock (clocks of different services may disagree)
 * @param service the service whose database recorded it
 * @param kind what happened
 * @param eventId the event
 * @param eventType its type
 * @param aggregateType its aggregate type
 * @param aggregateId its aggregate id
 * @param aggregateVersion its aggregate version, or {@code null}
 * @param causationId what caused the event, or {@code null} for the root
 * @param actor the consumer, stream or topic involved, or {@code null}
 * @param detail an error or a note, or {@code null}
 */
public record TimelineEntry(
    Instant at,
    String service,
    Kind kind,
    String eventId,
    String eventType,
    String aggregateType,
    String aggregateId,
    Long aggregateVersion,
    String causationId,
    String actor,
    String detail) {

  /** The kinds of entries, in the order they happen to one event. */
  public enum Kind {
    /** Appended to an event-sourced stream. */
    APPENDED,
    /** Written to the outbox in the business transaction. */
    WRITTEN,
    /** Written and not yet published: the relay has not sent it (or is down). */
    PENDING,
    /** Acknowledged by the broker and marked by the relay. */
    PUBLISHED,
    /** Waiting to be retried after a failed send. */
    RETRYING,
    /** Given up by the relay until an operator acts. */
    DEAD,
    /** Skipped by an operator: never sent. */
    SKIPPED,
    /** Handled by a consumer (its inbox mark). */
    CONSUMED,
    /** Given up by a consumer: in its dead letters. */
    DEAD_LETTERED,
    /** Replayed from a consumer's dead letters. */
    REPLAYED
  }
}

package io.eventline.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event, as it travels through every Eventline pattern: the in-process bus, the outbox, the
 * broker, the inbox and the event store.
 *
 * <p>The {@code eventId} is created once by the producer and never changes on retry or re-publish:
 * consumers deduplicate on it. The {@code aggregateId} is the partition key: events of one
 * aggregate are delivered in order. {@code aggregateVersion}, when known, is the per-aggregate
 * sequence number, which lets a consumer detect gaps and reordering.
 *
 * <p>Create envelopes with an {@link EventFactory}, which takes the id and the time from injected
 * sources, checks the event-type name and links causes to effects. {@link #builder()} builds an
 * envelope from explicit values (decoders, tests) and checks only that required fields are present.
 *
 * <p>The payload is held by reference. A {@code byte[]} payload is neither copied nor compared by
 * content; do not mutate it after building the envelope.
 *
 * @param <P> the payload type: a domain object in process, encoded bytes or a JSON tree on the wire
 * @param eventId UUIDv7, the dedupe key
 * @param eventType {@code <aggregate>.<past-tense verb>}, such as {@code order.placed}
 * @param aggregateType what kind of thing the fact is about, such as {@code order}
 * @param aggregateId which one; the partition and ordering key
 * @param aggregateVersion the per-aggregate sequence number, or {@code null} when not known
 * @param occurredAt when it happened
 * @param payload the event data
 * @param correlationId the business transaction this fact belongs to; never null
 * @param causationId the event or command that directly caused this one, or {@code null} for a root
 *     event
 * @param traceparent W3C trace context, or {@code null}
 * @param headers free string headers; never null, unmodifiable
 */
public record EventEnvelope<P>(
    UUID eventId,
    String eventType,
    String aggregateType,
    String aggregateId,
    Long aggregateVersion,
    Instant occurredAt,
    P payload,
    String correlationId,
    String causationId,
    String traceparent,
    Map<String, String> headers) {

  /** Checks the required fields and freezes the headers. */
  public EventEnvelope {
    Objects.requireNonNull(eventId, "EventEnvelope.eventId may not be null");
    requireText(eventType, "eventType");
    requireText(aggregateType, "aggregateType");
    requireText(aggregateId, "aggregateId");
    Objects.requireNonNull(occurredAt, "EventEnvelope.occurredAt may not be null");
    Objects.requireNonNull(payload, "EventEnvelope.payload may not be null");
    if (aggregateVersion != null && aggregateVersion < 0) {
      throw new IllegalArgumentException(
          "EventEnvelope.aggregateVersion must be >= 0 but was " + aggregateVersion);
    }
    if (correlationId == null || correlationId.isBlank()) {
      correlationId = eventId.toString();
    }
    headers = headers == null || headers.isEmpty() ? Map.of() : Map.copyOf(headers);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("EventEnvelope." + field + " may not be null or blank");
    }
  }

  /** A builder that takes every value explicitly; see {@link EventFactory} for the usual way. */
  public static Builder<Object> builder() {
    return new Builder<>();
  }

  /** Whether this event started its business transaction (it has no cause). */
  public boolean isRoot() {
    return causationId == null;
  }

  /** The same event with another payload: used by codecs to decode or encode the payload. */
  public <Q> EventEnvelope<Q> withPayload(Q newPayload) {
    return new EventEnvelope<>(
        eventId,
        eventType,
        aggregateType,
        aggregateId,
        aggregateVersion,
        occurredAt,
        newPayload,
        correlationId,
        causationId,
        traceparent,
        headers);
  }

  /**
   * The same event, linked to {@code cause}: it takes the cause's correlation id and the cause's
   * event id as its causation id. The event id does not change.
   */
  public EventEnvelope<P> causedBy(EventEnvelope<?> cause) {
    return new EventEnvelope<>(
        eventId,
        eventType,
        aggregateType,
        aggregateId,
        aggregateVersion,
        occurredAt,
        payload,
        cause.correlationId(),
        cause.eventId().toString(),
        traceparent == null ? cause.traceparent() : traceparent,
        headers);
  }

  /** The same event with a trace context. */
  public EventEnvelope<P> withTraceparent(String newTraceparent) {
    return new EventEnvelope<>(
        eventId,
        eventType,
        aggregateType,
        aggregateId,
        aggregateVersion,
        occurredAt,
        payload,
        correlationId,
        causationId,
        newTraceparent,
        headers);
  }

  /** A mutable builder for {@link EventEnvelope}; not thread-safe. */
  public static final class Builder<P> {
    private UUID eventId;
    private String eventType;
    private String aggregateType;
    private String aggregateId;
    private Long aggregateVersion;
    private Instant occurredAt;
    private Object payload;
    private String correlationId;
    private String causationId;
    private String traceparent;
    private Map<String, String> headers = Map.of();

    Builder() {}

    public Builder<P> eventId(UUID value) {
      this.eventId = value;
      return this;
    }

    public Builder<P> eventType(String value) {
      this.eventType = value;
      return this;
    }

    public Builder<P> aggregate(String type, String id) {
      this.aggregateType = type;
      this.aggregateId = id;
      return this;
    }

    public Builder<P> aggregateVersion(Long value) {
      this.aggregateVersion = value;
      return this;
    }

    public Builder<P> occurredAt(Instant value) {
      this.occurredAt = value;
      return this;
    }

    @SuppressWarnings("unchecked")
    public <Q> Builder<Q> payload(Q value) {
      this.payload = value;
      return (Builder<Q>) this;
    }

    public Builder<P> correlationId(String value) {
      this.correlationId = value;
      return this;
    }

    public Builder<P> causationId(String value) {
      this.causationId = value;
      return this;
    }

    public Builder<P> traceparent(String value) {
      this.traceparent = value;
      return this;
    }

    public Builder<P> headers(Map<String, String> value) {
      this.headers = value;
      return this;
    }

    @SuppressWarnings("unchecked")
    public EventEnvelope<P> build() {
      return new EventEnvelope<>(
          eventId,
          eventType,
          aggregateType,
          aggregateId,
          aggregateVersion,
          occurredAt,
          (P) payload,
          correlationId,
          causationId,
          traceparent,
          headers);
    }
  }
}

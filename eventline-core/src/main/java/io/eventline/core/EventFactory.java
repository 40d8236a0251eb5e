package io.eventline.core;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * Creates envelopes: the id from the injected {@link IdGenerator}, the time from the injected
 * {@link Clock}, the event type checked by the {@link EventTypeRule}.
 *
 * <p>A root event ({@link #event}) starts a new business transaction: its correlation id is its own
 * event id. An event created through {@link #causedBy(EventEnvelope)} inherits the cause's
 * correlation id (and trace context) and takes the cause's event id as its causation id.
 *
 * <pre>{@code
 * EventFactory events = EventFactory.create(clock, IdGenerator.uuidV7(clock));
 * EventEnvelope<OrderPlaced> placed = events.event("order.placed", "order", orderId, payload);
 * EventEnvelope<PaymentProcessed> paid =
 *     events.causedBy(placed).event("payment.processed", "payment", paymentId, result);
 * }</pre>
 *
 * <p>{@code occurredAt} is truncated to microseconds, the precision databases keep, so an event
 * reads back from a table or a topic exactly as it was created.
 *
 * <p>Thread-safe.
 */
public final class EventFactory {
  private final Clock clock;
  private final IdGenerator ids;
  private final EventTypeRule rule;
  private final EventEnvelope<?> cause;

  private EventFactory(Clock clock, IdGenerator ids, EventTypeRule rule, EventEnvelope<?> cause) {
    this.clock = Objects.requireNonNull(clock, "EventFactory.clock may not be null");
    this.ids = Objects.requireNonNull(ids, "EventFactory.ids may not be null");
    this.rule = Objects.requireNonNull(rule, "EventFactory.rule may not be null");
    this.cause = cause;
  }

  /** A factory on the system UTC clock with UUIDv7 ids and the rejecting naming rule. */
  public static EventFactory create() {
    Clock clock = Clock.systemUTC();
    return create(clock, IdGenerator.uuidV7(clock));
  }

  /** A factory with the rejecting naming rule. */
  public static EventFactory create(Clock clock, IdGenerator ids) {
    return new EventFactory(clock, ids, EventTypeRule.reject(), null);
  }

  /** A factory with the given naming rule. */
  public static EventFactory create(Clock clock, IdGenerator ids, EventTypeRule rule) {
    return new EventFactory(clock, ids, rule, null);
  }

  /** A factory whose events are caused by {@code cause}. */
  public EventFactory causedBy(EventEnvelope<?> cause) {
    return new EventFactory(
        clock,
        ids,
        rule,
        Objects.requireNonNull(cause, "EventFactory.causedBy(cause) may not be null"));
  }

  /** A new event with no aggregate version. */
  public <P> EventEnvelope<P> event(
      String eventType, String aggregateType, String aggregateId, P payload) {
    return event(eventType, aggregateType, aggregateId, null, payload, Map.of());
  }

  /**
   * A new event. The event type is checked before an id is taken, so a refused name uses up no id.
   *
   * @throws InvalidEventTypeException when {@code eventType} breaks the naming rule
   */
  public <P> EventEnvelope<P> event(
      String eventType,
      String aggregateType,
      String aggregateId,
      Long aggregateVersion,
      P payload,
      Map<String, String> headers) {
    String checkedType = rule.check(eventType);
    var id = ids.newId();
    return new EventEnvelope<>(
        id,
        checkedType,
        aggregateType,
        aggregateId,
        aggregateVersion,
        clock.instant().truncatedTo(ChronoUnit.MICROS),
        payload,
        cause == null ? id.toString() : cause.correlationId(),
        cause == null ? null : cause.eventId().toString(),
        cause == null ? null : cause.traceparent(),
        headers);
  }

  public Clock clock() {
    return clock;
  }

  public IdGenerator ids() {
    return ids;
  }

  public EventTypeRule rule() {
    return rule;
  }
}

package io.eventline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventFactoryUnitTests {
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  private static final UUID ID_1 = id(1);
  private static final UUID ID_2 = id(2);
  private static final UUID ID_3 = id(3);

  record OrderPlaced(String orderId) {}

  private final AtomicLong issued = new AtomicLong();
  private final IdGenerator ids = () -> id(issued.incrementAndGet());
  private final EventFactory events = EventFactory.create(Clock.fixed(NOW, ZoneOffset.UTC), ids);

  private static UUID id(long n) {
    return new UUID(0x0195e1a2_0000_7000L, 0x8000_0000_0000_0000L | n);
  }

  @Test
  void takesTheIdAndTheTimeFromTheInjectedSources() {
    EventEnvelope<OrderPlaced> placed =
        events.event("order.placed", "order", "o-1", new OrderPlaced("o-1"));

    assertThat(placed.eventId()).isEqualTo(ID_1);
    assertThat(placed.occurredAt()).isEqualTo(NOW);
    assertThat(placed.eventType()).isEqualTo("order.placed");
    assertThat(placed.aggregateType()).isEqualTo("order");
    assertThat(placed.aggregateId()).isEqualTo("o-1");
    assertThat(placed.aggregateVersion()).isNull();
    assertThat(placed.payload()).isEqualTo(new OrderPlaced("o-1"));
    assertThat(placed.headers()).isEmpty();
    assertThat(events.event("order.shipped", "order", "o-1", "x").eventId()).isEqualTo(ID_2);
  }

  @Test
  void aRootEventIsItsOwnCorrelation() {
    EventEnvelope<String> root = events.event("order.placed", "order", "o-1", "x");

    assertThat(root.correlationId()).isEqualTo(ID_1.toString());
    assertThat(root.causationId()).isNull();
    assertThat(root.traceparent()).isNull();
    assertThat(root.isRoot()).isTrue();
  }

  @Test
  void anEventCausedByAnotherInheritsItsCorrelationAndTrace() {
    String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    EventEnvelope<String> cause = events.event("order.placed", "order", "o-1", "x");
    EventEnvelope<String> traced = cause.withTraceparent(trace);

    EventEnvelope<String> effect =
        events.causedBy(traced).event("payment.processed", "payment", "p-1", "y");
    EventEnvelope<String> next =
        events.causedBy(effect).event("notification.sent", "notification", "n-1", "z");

    assertThat(effect.eventId()).isEqualTo(ID_2);
    assertThat(effect.correlationId()).isEqualTo(ID_1.toString());
    assertThat(effect.causationId()).isEqualTo(ID_1.toString());
    assertThat(effect.traceparent()).isEqualTo(trace);
    assertThat(effect.isRoot()).isFalse();
    assertThat(next.correlationId()).isEqualTo(ID_1.toString());
    assertThat(next.causationId()).isEqualTo(ID_2.toString());
  }

  @Test
  void keepsVersionAndHeaders() {
    EventEnvelope<String> event =
        events.event("order.placed", "order", "o-1", 7L, "x", Map.of("tenant", "acme"));

    assertThat(event.aggregateVersion()).isEqualTo(7L);
    assertThat(event.headers()).containsExactly(Map.entry("tenant", "acme"));
    assertThatThrownBy(() -> event.headers().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void checksTheEventTypeBeforeTakingAnId() {
    assertThatThrownBy(() -> events.event("update_order", "order", "o-1", "x"))
        .isInstanceOf(InvalidEventTypeException.class)
        .hasMessageContaining("did you mean 'order.updated'?");
    assertThat(events.event("order.updated", "order", "o-1", "x").eventId()).isEqualTo(ID_1);
  }

  @Test
  void usesTheGivenNamingRule() {
    EventFactory lenient =
        EventFactory.create(Clock.fixed(NOW, ZoneOffset.UTC), ids, EventTypeRule.warn());

    assertThat(lenient.event("update_order", "order", "o-1", "x").eventType())
        .isEqualTo("update_order");
  }

  @Test
  void refusesMissingSources() {
    Clock clock = Clock.systemUTC();
    assertThatThrownBy(() -> EventFactory.create(null, ids))
        .hasMessage("EventFactory.clock may not be null");
    assertThatThrownBy(() -> EventFactory.create(clock, null))
        .hasMessage("EventFactory.ids may not be null");
    assertThatThrownBy(() -> EventFactory.create(clock, ids, null))
        .hasMessage("EventFactory.rule may not be null");
    assertThatThrownBy(() -> events.causedBy(null))
        .hasMessage("EventFactory.causedBy(cause) may not be null");
  }

  @Test
  void envelopeNamesTheFieldThatIsMissing() {
    assertThatThrownBy(() -> events.event("order.placed", "order", " ", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EventEnvelope.aggregateId may not be null or blank");
    assertThatThrownBy(() -> events.event("order.placed", "order", null, "x"))
        .hasMessage("EventEnvelope.aggregateId may not be null or blank");
    assertThatThrownBy(() -> events.event("order.placed", "", "o-1", "x"))
        .hasMessage("EventEnvelope.aggregateType may not be null or blank");
    assertThatThrownBy(() -> events.event("order.placed", "order", "o-1", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("EventEnvelope.payload may not be null");
    assertThatThrownBy(() -> events.event("order.placed", "order", "o-1", -1L, "x", Map.of()))
        .hasMessage("EventEnvelope.aggregateVersion must be >= 0 but was -1");
    assertThatThrownBy(() -> envelope().eventId(null).build())
        .hasMessage("EventEnvelope.eventId may not be null");
    assertThatThrownBy(() -> envelope().eventType(" ").build())
        .hasMessage("EventEnvelope.eventType may not be null or blank");
    assertThatThrownBy(() -> envelope().occurredAt(null).build())
        .hasMessage("EventEnvelope.occurredAt may not be null");
  }

  @Test
  void builderDefaultsTheCorrelationToTheEventId() {
    EventEnvelope<Object> built = envelope().build();

    assertThat(built.correlationId()).isEqualTo(ID_3.toString());
    assertThat(built.headers()).isEmpty();
    assertThat(envelope().correlationId("c-1").build().correlationId()).isEqualTo("c-1");
  }

  @Test
  void causedByLinksAnExistingEnvelopeWithoutChangingItsId() {
    EventEnvelope<String> cause = events.event("order.placed", "order", "o-1", "x");
    EventEnvelope<String> effect = events.event("payment.failed", "payment", "p-1", "y");

    EventEnvelope<String> linked = effect.causedBy(cause);

    assertThat(linked.eventId()).isEqualTo(effect.eventId());
    assertThat(linked.correlationId()).isEqualTo(cause.correlationId());
    assertThat(linked.causationId()).isEqualTo(cause.eventId().toString());
    assertThat(linked.withPayload(42).payload()).isEqualTo(42);
  }

  private static EventEnvelope.Builder<Object> envelope() {
    return EventEnvelope.builder()
        .eventId(ID_3)
        .eventType("order.placed")
        .aggregate("order", "o-1")
        .occurredAt(NOW)
        .payload((Object) "x");
  }
}

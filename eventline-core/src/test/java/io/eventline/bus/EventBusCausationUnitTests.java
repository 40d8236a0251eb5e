package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.bus.Events.OrderPlaced;
import io.eventline.bus.Events.PaymentFailed;
import io.eventline.core.EventEnvelope;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusCausationUnitTests {
  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final RecordingErrors errors = new RecordingErrors();
  private final EventBus bus = EventBus.builder().errorListener(errors).build();
  private final List<EventEnvelope<?>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    bus.close();
    assertThat(errors.failures).isEmpty();
  }

  @Test
  void anEventPublishedByASyncHandlerIsLinkedToTheHandledEvent() {
    bus.subscribe(
        "order.placed",
        event -> bus.publish(Events.event("payment.requested", "pay for " + event.aggregateId())));
    bus.subscribe(
        "payment.requested", event -> bus.publish(Events.paymentFailed("p-" + event.payload())));
    bus.subscribe(PaymentFailed.class, seen::add);
    bus.subscribe("payment.requested", seen::add);
    EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1").withTraceparent(TRACE);

    bus.publish(placed);

    assertThat(seen).hasSize(2);
    EventEnvelope<?> failed = seen.get(0);
    EventEnvelope<?> requested = seen.get(1);
    assertThat(requested.correlationId()).isEqualTo(placed.correlationId());
    assertThat(requested.causationId()).isEqualTo(placed.eventId().toString());
    assertThat(requested.traceparent()).isEqualTo(TRACE);
    assertThat(failed.correlationId()).isEqualTo(placed.correlationId());
    assertThat(failed.causationId()).isEqualTo(requested.eventId().toString());
    assertThat(failed.traceparent()).isEqualTo(TRACE);
  }

  @Test
  void anEventPublishedByAnAsyncHandlerIsLinkedToTheHandledEvent() throws Exception {
    CountDownLatch done = new CountDownLatch(2);
    bus.subscribe(
        "order.placed",
        Delivery.ASYNC,
        event -> bus.publish(Events.event("payment.requested", "x")));
    bus.subscribe(
        "payment.requested",
        Delivery.ASYNC,
        event -> {
          seen.add(event);
          bus.publish(Events.paymentFailed("p-1"));
        });
    bus.subscribe(
        PaymentFailed.class,
        event -> {
          seen.add(event);
          done.countDown();
        });
    bus.subscribe("payment.requested", event -> done.countDown());
    EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

    bus.publish(placed);

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).hasSize(2);
    EventEnvelope<?> requested = seen.get(0);
    EventEnvelope<?> failed = seen.get(1);
    assertThat(requested.correlationId()).isEqualTo(placed.correlationId());
    assertThat(requested.causationId()).isEqualTo(placed.eventId().toString());
    assertThat(failed.correlationId()).isEqualTo(placed.correlationId());
    assertThat(failed.causationId()).isEqualTo(requested.eventId().toString());
  }

  @Test
  void anEventWithItsOwnCausationIsNotRelinked() {
    EventEnvelope<String> command = Events.event("command.received", "x");
    EventEnvelope<String> ownCause =
        Events.FACTORY.causedBy(command).event("order.cancelled", "order", "o-1", "y");
    bus.subscribe("order.placed", event -> bus.publish(ownCause));
    bus.subscribe("order.cancelled", seen::add);

    bus.publish(Events.orderPlaced("o-1"));

    assertThat(seen).containsExactly(ownCause);
  }

  @Test
  void anEventPublishedOutsideAHandlerIsARoot() {
    bus.subscribe("order.placed", event -> {});
    bus.subscribe(PaymentFailed.class, seen::add);
    bus.publish(Events.orderPlaced("o-1"));
    EventEnvelope<PaymentFailed> failed = Events.paymentFailed("p-1");

    bus.publish(failed);

    assertThat(seen).containsExactly(failed);
    assertThat(seen.get(0).isRoot()).isTrue();
  }

  @Test
  void linksAcrossBuses() {
    try (EventBus other = EventBus.create()) {
      bus.subscribe("order.placed", event -> other.publish(Events.paymentFailed("p-1")));
      other.subscribe(PaymentFailed.class, seen::add);
      EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

      bus.publish(placed);

      assertThat(seen)
          .singleElement()
          .extracting(EventEnvelope::causationId)
          .isEqualTo(placed.eventId().toString());
    }
  }
}

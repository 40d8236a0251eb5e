package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.bus.Events.OrderPlaced;
import io.eventline.bus.Events.PaymentCaptured;
import io.eventline.bus.Events.PaymentEvent;
import io.eventline.bus.Events.PaymentFailed;
import io.eventline.core.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusSubscriptionUnitTests {
  private final RecordingErrors errors = new RecordingErrors();
  private final EventBus bus = EventBus.builder().name("test-bus").errorListener(errors).build();
  private final List<Object> received = new ArrayList<>();

  @AfterEach
  void close() {
    bus.close();
    assertThat(errors.failures).isEmpty();
  }

  @Test
  void byEventTypeName() {
    bus.subscribe("order.placed", event -> received.add(event));
    EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

    bus.publish(placed);
    bus.publish(Events.paymentFailed("p-1"));
    bus.publish(Events.event("order.shipped", new OrderPlaced("o-1")));

    assertThat(received).containsExactly(placed);
  }

  @Test
  void byPayloadType() {
    bus.subscribe(OrderPlaced.class, event -> received.add(event.payload().orderId()));

    bus.publish(Events.orderPlaced("o-1"));
    bus.publish(Events.event("order.replayed", new OrderPlaced("o-2")));
    bus.publish(Events.paymentFailed("p-1"));

    assertThat(received).containsExactly("o-1", "o-2");
  }

  @Test
  void byPayloadSupertypeOrInterface() {
    bus.subscribe(PaymentEvent.class, event -> received.add(event.payload().paymentId()));
    bus.subscribe(Record.class, event -> received.add("record " + event.eventType()));

    bus.publish(Events.paymentFailed("p-1"));
    bus.publish(Events.paymentCaptured("p-2"));
    bus.publish(Events.event("note.added", "a string is no record"));

    assertThat(received)
        .containsExactly("p-1", "record payment.failed", "p-2", "record payment.captured");
  }

  static final class OrderListener {
    final List<Object> calls = new ArrayList<>();

    @Subscribe("order.placed")
    void on(EventEnvelope<OrderPlaced> event) {
      calls.add("envelope " + event.eventType() + " " + event.payload().orderId());
    }

    @Subscribe
    void on(PaymentFailed payment) {
      calls.add("payload " + payment.paymentId());
    }

    @Subscribe
    private void captured(EventEnvelope<PaymentCaptured> event) {
      calls.add("typed envelope " + event.payload().paymentId());
    }

    void notAHandler(OrderPlaced ignored) {
      calls.add("never");
    }
  }

  @Test
  void byAnnotatedMethods() {
    OrderListener listener = new OrderListener();
    Subscription group = bus.register(listener);

    bus.publish(Events.orderPlaced("o-1"));
    bus.publish(Events.paymentFailed("p-1"));
    bus.publish(Events.paymentCaptured("p-2"));
    bus.publish(Events.event("order.replayed", new OrderPlaced("o-2")));

    assertThat(listener.calls)
        .containsExactly("envelope order.placed o-1", "payload p-1", "typed envelope p-2");
    assertThat(group.name()).isEqualTo(OrderListener.class.getName());
    assertThat(group.isActive()).isTrue();
  }

  @Test
  void unsubscribingThroughTheHandleStopsDelivery() {
    Subscription byName = bus.subscribe("order.placed", event -> received.add("name"));
    Subscription byType = bus.subscribe(OrderPlaced.class, event -> received.add("type"));
    bus.subscribe("order.placed", event -> received.add("stays"));

    bus.publish(Events.orderPlaced("o-1"));
    byName.close();
    byType.close();
    byType.close();
    bus.publish(Events.orderPlaced("o-2"));

    assertThat(received).containsExactly("name", "type", "stays", "stays");
    assertThat(byName.isActive()).isFalse();
    assertThat(byType.isActive()).isFalse();
  }

  @Test
  void unsubscribingAListenerGroupStopsAllItsMethods() {
    OrderListener listener = new OrderListener();
    OrderListener other = new OrderListener();
    Subscription group = bus.register(listener);
    bus.register(other);

    group.close();
    bus.publish(Events.orderPlaced("o-1"));
    bus.publish(Events.paymentFailed("p-1"));

    assertThat(group.isActive()).isFalse();
    assertThat(listener.calls).isEmpty();
    assertThat(other.calls).containsExactly("envelope order.placed o-1", "payload p-1");
  }

  static final class OrderedListener {
    private final List<Object> sink;

    OrderedListener(List<Object> sink) {
      this.sink = sink;
    }

    @Subscribe("order.placed")
    void annotated(EventEnvelope<OrderPlaced> event) {
      sink.add(3);
    }
  }

  @Test
  void synchronousHandlersRunInRegistrationOrderAcrossNamesAndTypes() {
    bus.subscribe(Object.class, event -> received.add(1));
    bus.subscribe("order.placed", event -> received.add(2));
    bus.register(new OrderedListener(received));
    bus.subscribe(OrderPlaced.class, event -> received.add(4));
    bus.subscribe("order.placed", event -> received.add(5));
    bus.subscribe(Record.class, event -> received.add(6));

    bus.publish(Events.orderPlaced("o-1"));
    received.add("|");
    bus.publish(Events.orderPlaced("o-2"));

    assertThat(received).containsExactly(1, 2, 3, 4, 5, 6, "|", 1, 2, 3, 4, 5, 6);
  }

  @Test
  void aHandlerSubscribedLaterIsCalledFromTheNextEvent() {
    bus.subscribe("order.placed", event -> received.add("first"));
    bus.publish(Events.orderPlaced("o-1"));
    bus.subscribe(OrderPlaced.class, event -> received.add("second"));
    bus.publish(Events.orderPlaced("o-2"));

    assertThat(received).containsExactly("first", "first", "second");
  }

  @Test
  void namesAHandlerByItsClassOrMethod() {
    Subscription lambda = bus.subscribe("order.placed", event -> {});

    assertThat(lambda.name()).isEqualTo(EventBusSubscriptionUnitTests.class.getName() + "::lambda");
    assertThat(lambda).hasToString(lambda.name());
    assertThat(bus.toString()).isEqualTo("EventBus[test-bus, 1 handlers]");
  }

  static class BaseListener {
    final List<String> calls = new ArrayList<>();

    @Subscribe
    void on(OrderPlaced placed) {
      calls.add("base");
    }

    @Subscribe
    void onPayment(PaymentFailed failed) {
      calls.add("base payment");
    }
  }

  static final class OverridingListener extends BaseListener {
    @Override
    @Subscribe
    void on(OrderPlaced placed) {
      calls.add("override");
    }

    @Override
    void onPayment(PaymentFailed failed) {
      calls.add("override payment");
    }
  }

  @Test
  void anOverriddenAnnotatedMethodIsCalledOncePerEvent() {
    OverridingListener listener = new OverridingListener();
    bus.register(listener);

    bus.publish(Events.orderPlaced("o-1"));
    bus.publish(Events.paymentFailed("p-1"));

    assertThat(listener.calls).containsExactly("override", "override payment");
  }

  @Test
  void anAnnotatedMethodTakingTheWrongPayloadIsReported() {
    OrderListener listener = new OrderListener();
    bus.register(listener);

    bus.publish(Events.event("order.placed", "not an OrderPlaced"));

    assertThat(listener.calls).isEmpty();
    assertThat(errors.failures)
        .singleElement()
        .extracting(RecordingErrors.Failure::error)
        .isInstanceOf(ClassCastException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "handler "
                + OrderListener.class.getName()
                + "#on takes "
                + OrderPlaced.class.getName()
                + " but event order.placed carries a java.lang.String");
    errors.failures.clear();
  }

  static final class NoHandlers {
    void on(OrderPlaced ignored) {}
  }

  static final class TwoParameters {
    @Subscribe
    void on(OrderPlaced placed, String extra) {}
  }

  static final class StaticHandler {
    @Subscribe
    static void on(OrderPlaced placed) {}
  }

  static final class PrimitiveHandler {
    @Subscribe("counter.incremented")
    void on(int value) {}
  }

  static final class EverythingHandler {
    @Subscribe
    void on(Object anything) {}
  }

  static final class RawEnvelopeHandler {
    @Subscribe
    void on(@SuppressWarnings("rawtypes") EventEnvelope anything) {}
  }

  @Test
  void refusesListenersOfTheWrongShape() {
    assertThatThrownBy(() -> bus.register(new NoHandlers()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(NoHandlers.class.getName() + " has no @Subscribe methods to register");
    assertThatThrownBy(() -> bus.register(new TwoParameters()))
        .hasMessage(
            "@Subscribe method "
                + TwoParameters.class.getName()
                + "#on must be an instance method with exactly one parameter (the payload type"
                + " or EventEnvelope<Payload>)");
    assertThatThrownBy(() -> bus.register(new StaticHandler()))
        .hasMessageContaining("#on must be an instance method");
    assertThatThrownBy(() -> bus.register(new PrimitiveHandler()))
        .hasMessageContaining("#on must be an instance method");
    assertThatThrownBy(() -> bus.register(new EverythingHandler()))
        .hasMessageContaining("names no event type and takes no specific payload type");
    assertThatThrownBy(() -> bus.register(new RawEnvelopeHandler()))
        .hasMessageContaining("names no event type and takes no specific payload type");
    assertThatThrownBy(() -> bus.register(null))
        .hasMessage("EventBus.register: listener may not be null");
    assertThat(bus.toString()).endsWith(", 0 handlers]");
  }

  @Test
  void refusesBadSubscriptions() {
    assertThatThrownBy(() -> bus.subscribe(" ", event -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EventBus.subscribe: eventType may not be blank");
    assertThatThrownBy(() -> bus.subscribe((Class<Object>) null, event -> {}))
        .hasMessage("EventBus.subscribe: payloadType may not be null");
    assertThatThrownBy(() -> bus.subscribe("order.placed", null))
        .hasMessage("EventBus.subscribe: handler may not be null");
    assertThatThrownBy(() -> bus.subscribe("order.placed", null, event -> {}))
        .hasMessage("EventBus.subscribe: delivery may not be null");
    assertThatThrownBy(() -> bus.publish(null))
        .hasMessage("EventBus.publish: event may not be null");
  }

  @Test
  void aClosedBusRefusesSubscriptionsAndEvents() {
    bus.close();
    bus.close();

    assertThatThrownBy(() -> bus.publish(Events.orderPlaced("o-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("event bus 'test-bus' is closed");
    assertThatThrownBy(() -> bus.subscribe("order.placed", event -> {}))
        .hasMessage("event bus 'test-bus' is closed");
  }
}

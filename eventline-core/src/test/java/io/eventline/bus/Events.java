package io.eventline.bus;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;

/** Payload types and an event factory shared by the bus tests. */
final class Events {
  static final EventFactory FACTORY = EventFactory.create();

  interface PaymentEvent {
    String paymentId();
  }

  record OrderPlaced(String orderId) {}

  record PaymentFailed(String paymentId, String reason) implements PaymentEvent {}

  record PaymentCaptured(String paymentId) implements PaymentEvent {}

  private Events() {}

  static EventEnvelope<OrderPlaced> orderPlaced(String orderId) {
    return FACTORY.event("order.placed", "order", orderId, new OrderPlaced(orderId));
  }

  static EventEnvelope<PaymentFailed> paymentFailed(String paymentId) {
    return FACTORY.event(
        "payment.failed", "payment", paymentId, new PaymentFailed(paymentId, "declined"));
  }

  static EventEnvelope<PaymentCaptured> paymentCaptured(String paymentId) {
    return FACTORY.event("payment.captured", "payment", paymentId, new PaymentCaptured(paymentId));
  }

  static <P> EventEnvelope<P> event(String type, P payload) {
    return FACTORY.event(type, "test", "t-1", payload);
  }
}

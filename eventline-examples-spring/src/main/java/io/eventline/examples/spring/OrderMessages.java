package io.eventline.examples.spring;

import java.util.List;

/** What travels: the REST request, and the payloads of the events in and out. */
final class OrderMessages {
  private OrderMessages() {}

  /** {@code POST /orders}. */
  record PlaceOrder(String customerEmail, List<Line> lines) {}

  /** One line of an order. */
  record Line(String sku, int quantity, long unitPriceCents) {}

  /** The payload of {@code order.placed}; the same shape as the framework-free orders service. */
  record OrderPlaced(String orderId, String customerEmail, long totalCents) {}

  /** The payload of {@code payment.processed}, from the payments service. */
  record PaymentProcessed(String orderId, long amountCents) {}

  /** A refused order: the client's mistake, or a business rule. */
  static final class OrderRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OrderRefusedException(String message) {
      super(message);
    }
  }
}

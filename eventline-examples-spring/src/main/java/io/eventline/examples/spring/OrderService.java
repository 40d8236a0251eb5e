package io.eventline.examples.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.examples.spring.OrderMessages.Line;
import io.eventline.examples.spring.OrderMessages.OrderPlaced;
import io.eventline.examples.spring.OrderMessages.OrderRefusedException;
import io.eventline.examples.spring.OrderMessages.PaymentProcessed;
import io.eventline.examples.spring.OrderMessages.PlaceOrder;
import io.eventline.spring.EventlineHandler;
import io.eventline.spring.OutboxWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and applies payments. Placing writes the entity (JPA) and the {@code order.placed}
 * event (outbox) in one transaction: both commit or neither does.
 */
@Service
public class OrderService {
  static final long CREDIT_LIMIT_CENTS = 1_000_000;

  private final PurchaseOrders orders;
  private final OutboxWriter outbox;
  private final EventFactory events;
  private final String topic;

  OrderService(
      PurchaseOrders orders,
      OutboxWriter outbox,
      EventFactory events,
      @Value("${orders.topic:order}") String topic) {
    this.orders = orders;
    this.outbox = outbox;
    this.events = events;
    this.topic = topic;
  }

  /**
   * Stores the order and its {@code order.placed} event. Over the credit limit the order is refused
   * after both were written, and the rollback takes both back.
   */
  @Transactional
  public PurchaseOrder place(PlaceOrder command) {
    if (command.customerEmail() == null || command.lines() == null || command.lines().isEmpty()) {
      throw new OrderRefusedException("an order needs a customer e-mail and at least one line");
    }
    long total = 0;
    for (Line line : command.lines()) {
      if (line.quantity() < 1 || line.unitPriceCents() < 0) {
        throw new OrderRefusedException("line " + line.sku() + " has a bad quantity or price");
      }
      total = Math.addExact(total, Math.multiplyExact(line.quantity(), line.unitPriceCents()));
    }
    EventEnvelope<OrderPlaced> placed =
        events.event(
            "order.placed",
            "order",
            events.ids().newId().toString(),
            new OrderPlaced(null, command.customerEmail(), total));
    String id = placed.aggregateId();
    placed = placed.withPayload(new OrderPlaced(id, command.customerEmail(), total));
    PurchaseOrder order =
        orders.save(new PurchaseOrder(id, command.customerEmail(), total, placed.occurredAt()));
    outbox.append(topic, placed);
    if (total > CREDIT_LIMIT_CENTS) {
      throw new OrderRefusedException(
          "order total " + total + " exceeds the credit limit of " + CREDIT_LIMIT_CENTS);
    }
    return order;
  }

  /**
   * Marks the order paid. Runs in the inbox's transaction: the JPA update commits together with the
   * processed mark, so a redelivered payment changes nothing.
   */
  @EventlineHandler(
      topic = "${orders.payment-topic:payment}",
      consumer = "orders-payments",
      eventType = "payment.processed")
  public void paid(PaymentProcessed payment) {
    orders
        .findById(payment.orderId())
        .orElseThrow(() -> new IllegalStateException("no order " + payment.orderId()))
        .markPaid();
  }
}

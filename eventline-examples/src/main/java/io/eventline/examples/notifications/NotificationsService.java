package io.eventline.examples.notifications;

import io.eventline.bus.EventBus;
import io.eventline.bus.Subscribe;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import io.eventline.examples.orders.OrderEvent;
import io.eventline.examples.payments.PaymentResult;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxContext;
import io.eventline.outbox.Backoff;
import io.eventline.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The notifications service: consumes {@code order.placed} and the payment events through its inbox
 * and hands each to its in-process {@link EventBus}, whose handlers "send" e-mails by writing
 * {@code sent_emails} rows and emit {@code notification.sent} — inside the inbox's transaction, so
 * each e-mail exists exactly once per order and kind. {@code sent_emails} has no unique key on
 * purpose: the demo's verdict checks that the inbox alone keeps it exactly-once.
 *
 * <p>The bus isolates handlers from each other, but a failed handler must not let the inbox commit
 * the mark without its e-mail: the bus's error listener records the failure and the inbox handler
 * rethrows it, so the whole attempt rolls back and is retried.
 */
public final class NotificationsService implements AutoCloseable {
  private static final ThreadLocal<Dispatch> CURRENT = new ThreadLocal<>();

  private final Inbox inbox;
  private final EventBus bus;
  private final Broker.Consumer consumer;

  /** The inbox transaction a bus dispatch runs in, and what went wrong in it. */
  private record Dispatch(InboxContext context, List<Throwable> failures) {}

  public NotificationsService(
      DataSource dataSource, EventFactory events, Broker broker, ExampleSystem.Topics topics) {
    createTables(dataSource);
    this.inbox =
        Inbox.builder(dataSource)
            .events(events)
            .outbox(Outbox.create())
            .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.2))
            .build();
    this.bus =
        EventBus.builder()
            .name("notifications")
            .errorListener((event, handler, error) -> CURRENT.get().failures().add(error))
            .build();
    bus.register(new Emails(topics.notifications()));
    this.consumer =
        broker.consumer(
            "notifications",
            inbox,
            List.of(topics.orders(), topics.payments()),
            this::handle,
            Duration.ofSeconds(5));
  }

  public NotificationsService start() {
    consumer.start();
    return this;
  }

  public Inbox inbox() {
    return inbox;
  }

  private void handle(EventEnvelope<byte[]> event, InboxContext context) throws Exception {
    EventEnvelope<?> typed =
        switch (event.eventType()) {
          case "order.placed" -> decode(event, OrderEvent.Placed.class);
          case "payment.processed", "payment.failed" -> decode(event, PaymentResult.class);
          default -> null;
        };
    if (typed == null) {
      return;
    }
    Dispatch dispatch = new Dispatch(context, new ArrayList<>());
    CURRENT.set(dispatch);
    try {
      bus.publish(typed);
    } finally {
      CURRENT.remove();
    }
    if (!dispatch.failures().isEmpty()) {
      Exception failure =
          new IllegalStateException("an e-mail handler failed", dispatch.failures().get(0));
      dispatch.failures().stream().skip(1).forEach(failure::addSuppressed);
      throw failure;
    }
  }

  private static <T> EventEnvelope<T> decode(EventEnvelope<byte[]> event, Class<T> type) {
    return event.withPayload(PayloadCodec.json().decode(event.payload(), type));
  }

  /** The bus handlers: one e-mail per order and kind. */
  static final class Emails {
    private final String topic;

    Emails(String topic) {
      this.topic = topic;
    }

    @Subscribe("order.placed")
    void confirmOrder(EventEnvelope<OrderEvent.Placed> event) throws SQLException {
      OrderEvent.Placed placed = event.payload();
      send(placed.orderId(), "order-confirmation", placed.customerEmail());
    }

    @Subscribe("payment.processed")
    void sendReceipt(EventEnvelope<PaymentResult> event) throws SQLException {
      send(event.payload().orderId(), "payment-receipt", event.payload().customerEmail());
    }

    @Subscribe("payment.failed")
    void explainDecline(EventEnvelope<PaymentResult> event) throws SQLException {
      send(event.payload().orderId(), "payment-declined", event.payload().customerEmail());
    }

    private void send(String orderId, String kind, String recipient) throws SQLException {
      InboxContext context = CURRENT.get().context();
      try (PreparedStatement insert =
          context
              .connection()
              .prepareStatement(
                  "INSERT INTO sent_emails (order_id, kind, recipient) VALUES (?, ?, ?)")) {
        insert.setString(1, orderId);
        insert.setString(2, kind);
        insert.setString(3, recipient);
        insert.executeUpdate();
      }
      context.emit(
          topic,
          context
              .events()
              .event(
                  "notification.sent",
                  "notification",
                  orderId,
                  null,
                  new EmailSent(orderId, kind, recipient),
                  Map.of()));
    }
  }

  static void createTables(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sent_emails (id BIGSERIAL PRIMARY KEY, order_id TEXT NOT NULL,"
              + " kind TEXT NOT NULL, recipient TEXT NOT NULL, sent_at TIMESTAMPTZ NOT NULL DEFAULT"
              + " now())");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the sent_emails table: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    consumer.close();
    bus.close();
  }
}

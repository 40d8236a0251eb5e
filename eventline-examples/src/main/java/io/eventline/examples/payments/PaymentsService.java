package io.eventline.examples.payments;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import io.eventline.examples.orders.OrderEvent;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxContext;
import io.eventline.outbox.Backoff;
import io.eventline.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The payments service: consumes {@code order.placed} through its inbox, records a payment and
 * emits {@code payment.processed} (or {@code payment.failed} above the limit) through its own
 * outbox, all in the inbox's one transaction. The {@code payments} table has no unique key on the
 * order on purpose: exactly-once comes from the inbox, and the demo's verdict checks it.
 */
public final class PaymentsService implements AutoCloseable {
  /** Orders above this are refused. */
  public static final long LIMIT_CENTS = 200_000;

  private final Inbox inbox;
  private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
  private final Broker.Consumer consumer;

  private final ExampleSystem.Topics topics;

  public PaymentsService(
      DataSource dataSource,
      EventFactory events,
      Broker broker,
      ExampleSystem.Topics topics,
      int maxAttempts) {
    this.topics = topics;
    createTables(dataSource);
    this.inbox =
        Inbox.builder(dataSource)
            .events(events)
            .outbox(Outbox.create())
            .maxAttempts(maxAttempts)
            .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.2))
            .build();
    this.consumer =
        broker.consumer(
            "payments", inbox, List.of(topics.orders()), this::handle, Duration.ofMillis(500));
  }

  public PaymentsService start() {
    consumer.start();
    return this;
  }

  /** Makes the handler fail for this order until {@link #repair()}: a poison event. */
  public void poison(String orderId) {
    poisoned.add(orderId);
  }

  /** The payment provider is fixed: poisoned orders go through (on replay). */
  public void repair() {
    poisoned.clear();
  }

  public Inbox inbox() {
    return inbox;
  }

  private void handle(EventEnvelope<byte[]> event, InboxContext context) throws SQLException {
    if (!"order.placed".equals(event.eventType())) {
      return; // the other order events are of no interest to payments
    }
    OrderEvent.Placed placed = PayloadCodec.json().decode(event.payload(), OrderEvent.Placed.class);
    if (poisoned.contains(placed.orderId())) {
      throw new IllegalStateException(
          "the payment provider refused order " + placed.orderId() + " (the demo's poison event)");
    }
    String status = placed.totalCents() <= LIMIT_CENTS ? "processed" : "failed";
    try (PreparedStatement insert =
        context
            .connection()
            .prepareStatement(
                "INSERT INTO payments (order_id, amount_cents, status) VALUES (?, ?, ?)")) {
      insert.setString(1, placed.orderId());
      insert.setLong(2, placed.totalCents());
      insert.setString(3, status);
      insert.executeUpdate();
    }
    context.emit(
        topics.payments(),
        context
            .events()
            .event(
                "payment." + status,
                "payment",
                placed.orderId(),
                1L,
                new PaymentResult(
                    placed.orderId(), placed.customerEmail(), placed.totalCents(), status),
                Map.of()));
  }

  static void createTables(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS payments (id BIGSERIAL PRIMARY KEY, order_id TEXT NOT NULL,"
              + " amount_cents BIGINT NOT NULL, status TEXT NOT NULL, paid_at TIMESTAMPTZ NOT NULL"
              + " DEFAULT now())");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the payments table: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}

package io.eventline.examples.orders;

import io.eventline.core.EventFactory;
import io.eventline.eventstore.AggregateStore;
import io.eventline.eventstore.CommandResult;
import io.eventline.eventstore.EventStore;
import io.eventline.eventstore.RecordedEvent;
import io.eventline.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The orders service. An order is event-sourced (stream {@code order-<id>}: created, items added
 * and removed, coupon applied, placed). Every append also writes the same events to the outbox and,
 * when the order is placed, its row in {@code orders} — all in the append's one transaction, so the
 * stream, the read model and the events on their way to Kafka never disagree.
 */
public final class OrdersService {
  private final AggregateStore<OrderCommand, OrderEvent, Order> orders;
  private final Outbox outbox = Outbox.create();
  private final String topic;

  public OrdersService(DataSource dataSource, EventFactory events, String topic) {
    this.topic = topic;
    createTables(dataSource);
    EventStore store =
        EventStore.builder(dataSource)
            .migrate(true)
            .onAppend(this::alsoToOutboxAndReadModel)
            .build();
    this.orders =
        AggregateStore.builder(store, "order", new OrderDecider(), OrderEvent.MAPPING)
            .eventFactory(events)
            .maxAttempts(5)
            .build();
  }

  /** Runs {@code command} on order {@code orderId}, retrying on concurrent changes. */
  public CommandResult<Order, OrderEvent> handle(String orderId, OrderCommand command) {
    return orders.handle(orderId, command);
  }

  /** The order's current state, from its stream. */
  public Order load(String orderId) {
    return orders.load(orderId).state();
  }

  /** The order's state as of an earlier version of its stream. */
  public Order loadAsOfVersion(String orderId, long version) {
    return orders.loadAsOfVersion(orderId, version).state();
  }

  private void alsoToOutboxAndReadModel(Connection connection, List<RecordedEvent> appended)
      throws SQLException {
    for (RecordedEvent event : appended) {
      outbox.append(connection, topic, event.envelope());
      if ("order.placed".equals(event.eventType())) {
        OrderEvent.Placed placed = event.payload(OrderEvent.Placed.class);
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO orders (order_id, customer_email, total_cents, placed_at)"
                    + " VALUES (?, ?, ?, ?)")) {
          insert.setString(1, placed.orderId());
          insert.setString(2, placed.customerEmail());
          insert.setLong(3, placed.totalCents());
          insert.setObject(4, event.envelope().occurredAt().atOffset(java.time.ZoneOffset.UTC));
          insert.executeUpdate();
        }
      }
    }
  }

  static void createTables(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, customer_email TEXT NOT"
              + " NULL, total_cents BIGINT NOT NULL, placed_at TIMESTAMPTZ NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the orders table: " + e.getMessage(), e);
    }
  }
}

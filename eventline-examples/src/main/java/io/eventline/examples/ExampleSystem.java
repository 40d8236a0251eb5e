package io.eventline.examples;

import io.eventline.core.EventFactory;
import io.eventline.examples.notifications.NotificationsService;
import io.eventline.examples.orders.OrdersService;
import io.eventline.examples.payments.PaymentsService;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.OutboxRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The three services wired together: each has its own database and its own relay, and they meet
 * only through the topics {@code order}, {@code payment} and {@code notification} of one {@link
 * Broker}: Kafka by default, or RabbitMQ or NATS JetStream.
 *
 * <p>The orders relay is left to the caller ({@link #ordersRelay}), so the demo can run it as a
 * separate process and kill it.
 */
public final class ExampleSystem implements AutoCloseable {
  /**
   * The topics the services publish to.
   *
   * @param orders where orders publishes (default {@code order})
   * @param payments where payments publishes (default {@code payment})
   * @param notifications where notifications publishes (default {@code notification})
   */
  public record Topics(String orders, String payments, String notifications) {
    public static final Topics DEFAULT = new Topics("order", "payment", "notification");

    /** The default names with {@code suffix} appended, for a run of its own on a shared broker. */
    public static Topics withSuffix(String suffix) {
      return new Topics("order" + suffix, "payment" + suffix, "notification" + suffix);
    }

    public List<String> all() {
      return List.of(orders, payments, notifications);
    }
  }

  private final OrdersService orders;
  private final PaymentsService payments;
  private final NotificationsService notifications;
  private final List<AutoCloseable> running = new ArrayList<>();

  /** The services' databases. */
  public record Databases(DataSource orders, DataSource payments, DataSource notifications) {
    public List<DataSource> all() {
      return List.of(orders, payments, notifications);
    }
  }

  private ExampleSystem(
      Databases databases, Broker broker, Topics topics, EventFactory events, int maxAttempts) {
    databases.all().forEach(db -> SchemaMigrator.create(db).migrate());
    this.orders = new OrdersService(databases.orders(), events, topics.orders());
    this.payments = new PaymentsService(databases.payments(), events, broker, topics, maxAttempts);
    this.notifications =
        new NotificationsService(databases.notifications(), events, broker, topics);
  }

  /**
   * Migrates the three databases and starts the payments and notifications consumers and relays.
   * The topics must exist (on NATS: their streams); on RabbitMQ, starting the consumers declares
   * their queues, so start the system before the orders relay publishes.
   */
  public static ExampleSystem start(
      Databases databases, Broker broker, Topics topics, EventFactory events, int maxAttempts) {
    ExampleSystem system = new ExampleSystem(databases, broker, topics, events, maxAttempts);
    system.running.add(system.payments.start());
    system.running.add(system.notifications.start());
    system.running.add(relay(databases.payments(), broker, "payments", "payments-relay"));
    system.running.add(
        relay(databases.notifications(), broker, "notifications", "notifications-relay"));
    return system;
  }

  /** A relay for one service's outbox, in this process. */
  public static OutboxRelay relay(
      DataSource dataSource, Broker broker, String service, String instanceId) {
    return OutboxRelay.builder(dataSource, broker.transport(service))
        .instanceId(instanceId)
        .workers(2)
        .leaseTtl(Duration.ofSeconds(3))
        .sendTimeout(Duration.ofSeconds(10))
        .build()
        .start();
  }

  /** The orders relay, for callers that run it in this process. */
  public OutboxRelay ordersRelay(DataSource dataSource, Broker broker) {
    OutboxRelay relay = relay(dataSource, broker, "orders", "orders-relay");
    running.add(relay);
    return relay;
  }

  public OrdersService orders() {
    return orders;
  }

  public PaymentsService payments() {
    return payments;
  }

  public NotificationsService notifications() {
    return notifications;
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // closing the rest matters more
      }
    }
  }
}

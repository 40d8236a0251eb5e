package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.bus.EventBus;
import io.eventline.bus.Subscribe;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox writer and the EventBus in Spring-managed transactions, on PostgreSQL and Kafka. */
class OutboxWriterIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  static ConfigurableApplicationContext context;
  static String topic;
  static String bootstrap;

  @BeforeAll
  static void start() {
    bootstrap = EmbeddedKafka.shared().bootstrapServers();
    topic = EmbeddedKafka.shared().freshTopic("orders", 1);
    db.database().execute("CREATE TABLE orders (id TEXT PRIMARY KEY)");
    context = TestContexts.start(db, Map.of("eventline.inbox.enabled", "false"), Config.class);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void committedTransactionPublishesTheEventAndKeepsTheRow() {
    EventEnvelope<?> placed = placed("o-commit");

    context.getBean(OrderService.class).place(placed, false);

    assertThat(Topics.eventIds(bootstrap, topic, id(placed), Duration.ofSeconds(20)))
        .containsOnlyOnce(id(placed));
    assertThat(count("SELECT count(*) FROM orders WHERE id = 'o-commit'")).isEqualTo(1);
  }

  @Test
  void rolledBackTransactionPublishesNothing() {
    EventEnvelope<?> thrown = placed("o-thrown");
    EventEnvelope<?> markedRollbackOnly = placed("o-rollback-only");

    assertThatThrownBy(() -> context.getBean(OrderService.class).place(thrown, true))
        .hasMessageContaining("payment declined");
    transactions()
        .executeWithoutResult(
            status -> {
              jdbc().update("INSERT INTO orders (id) VALUES ('o-rollback-only')");
              outbox().append(topic, markedRollbackOnly);
              status.setRollbackOnly();
            });
    EventEnvelope<?> marker = placed("o-marker");
    context.getBean(OrderService.class).place(marker, false);

    List<String> published = Topics.eventIds(bootstrap, topic, id(marker), Duration.ofSeconds(20));
    assertThat(published).contains(id(marker)).doesNotContain(id(thrown), id(markedRollbackOnly));
    assertThat(outboxRows(thrown) + outboxRows(markedRollbackOnly)).isZero();
    assertThat(count("SELECT count(*) FROM orders WHERE id IN ('o-thrown', 'o-rollback-only')"))
        .isZero();
  }

  @Test
  void appendOutsideATransactionFailsLoudlyAndWritesNothing() {
    EventEnvelope<?> stray = placed("o-stray");

    assertThatThrownBy(() -> outbox().append(topic, stray))
        .isInstanceOf(NoTransactionException.class)
        .hasMessageContaining(id(stray))
        .hasMessageContaining("@Transactional");
    assertThat(outboxRows(stray)).isZero();
  }

  @Test
  void appendInAReadOnlyTransactionFailsLoudly() {
    EventEnvelope<?> stray = placed("o-read-only");
    TransactionTemplate readOnly = transactions();
    readOnly.setReadOnly(true);

    assertThatThrownBy(() -> readOnly.executeWithoutResult(status -> outbox().append(topic, stray)))
        .isInstanceOf(NoTransactionException.class)
        .hasMessageContaining("read-only");
    assertThat(outboxRows(stray)).isZero();
  }

  @Test
  void eventBusDispatchesAfterCommitAndDropsOnRollback() {
    Recorder recorder = context.getBean(Recorder.class);
    EventBus bus = context.getBean(EventBus.class);
    EventEnvelope<?> committed = placed("o-bus-commit");
    EventEnvelope<?> rolledBack = placed("o-bus-rollback");

    transactions()
        .executeWithoutResult(
            status -> {
              jdbc().update("INSERT INTO orders (id) VALUES ('o-bus-commit')");
              bus.publish(committed);
              assertThat(recorder.seen).isEmpty();
            });
    transactions()
        .executeWithoutResult(
            status -> {
              jdbc().update("INSERT INTO orders (id) VALUES ('o-bus-rollback')");
              bus.publish(rolledBack);
              status.setRollbackOnly();
            });

    assertThat(recorder.seen).containsExactly(new Seen(committed.eventId(), true));
  }

  static EventEnvelope<?> placed(String orderId) {
    return context
        .getBean(EventFactory.class)
        .event("order.placed", "order", orderId, Map.of("orderId", orderId));
  }

  static String id(EventEnvelope<?> event) {
    return event.eventId().toString();
  }

  static OutboxWriter outbox() {
    return context.getBean(OutboxWriter.class);
  }

  static JdbcTemplate jdbc() {
    return context.getBean(JdbcTemplate.class);
  }

  static TransactionTemplate transactions() {
    return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
  }

  static long count(String sql) {
    Long value = jdbc().queryForObject(sql, Long.class);
    return value == null ? -1 : value;
  }

  static long outboxRows(EventEnvelope<?> event) {
    Long value =
        jdbc()
            .queryForObject(
                "SELECT count(*) FROM eventline_outbox WHERE event_id = ?",
                Long.class,
                event.eventId());
    return value == null ? -1 : value;
  }

  record Seen(UUID eventId, boolean committedWhenDispatched) {}

  /** A bus listener that records whether the order row was visible to other connections. */
  static class Recorder {
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final DataSource dataSource;

    Recorder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Subscribe("order.placed")
    void placed(EventEnvelope<Map<String, String>> event) throws SQLException {
      try (Connection other = dataSource.getConnection();
          ResultSet row =
              other
                  .createStatement()
                  .executeQuery("SELECT 1 FROM orders WHERE id = '" + event.aggregateId() + "'")) {
        seen.add(new Seen(event.eventId(), row.next()));
      }
    }
  }

  /** Writes an order row and its event in one {@code @Transactional} method. */
  static class OrderService {
    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;

    OrderService(JdbcTemplate jdbc, OutboxWriter outbox) {
      this.jdbc = jdbc;
      this.outbox = outbox;
    }

    @Transactional
    public void place(EventEnvelope<?> placed, boolean declined) {
      jdbc.update("INSERT INTO orders (id) VALUES (?)", placed.aggregateId());
      outbox.append(topic, placed);
      if (declined) {
        throw new IllegalStateException("payment declined");
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    @Bean
    OrderService orderService(JdbcTemplate jdbc, OutboxWriter outbox) {
      return new OrderService(jdbc, outbox);
    }

    @Bean
    Recorder recorder(DataSource dataSource) {
      return new Recorder(dataSource);
    }
  }
}

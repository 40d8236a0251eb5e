package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventFactory;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closing the context stops the relay and the consumers first and gracefully: the relay gives its
 * partition leases back at once (the lease TTL is long, so expiry cannot explain it) and the
 * consumer commits its offsets on the way out (the periodic commit is too slow to have done it).
 */
class GracefulShutdownIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  static final AtomicInteger audited = new AtomicInteger();
  static ConfigurableApplicationContext context;

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void closingTheContextReleasesTheLeasesAndCommitsTheOffsets() throws Exception {
    String bootstrap = EmbeddedKafka.shared().bootstrapServers();
    String topic = EmbeddedKafka.shared().freshTopic("audit", 1);
    context =
        TestContexts.start(
            db,
            Map.of(
                "test.topic", topic,
                "eventline.relay.instance-id", "shutdown-test",
                "eventline.relay.lease-ttl", "2m",
                "eventline.inbox.commit-interval", "1m"),
            Config.class);
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    assertThat(liveLeases(jdbc)).isEqualTo(32);
    EventFactory events = context.getBean(EventFactory.class);
    new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
        .executeWithoutResult(
            status -> {
              for (int i = 0; i < 3; i++) {
                context
                    .getBean(OutboxWriter.class)
                    .append(topic, events.event("order.placed", "order", "o-" + i, Map.of()));
              }
            });
    await().atMost(Duration.ofSeconds(20)).until(() -> audited.get() == 3);
    assertThat(Topics.committedOffset(bootstrap, "audit", topic)).isLessThan(3);

    long started = System.nanoTime();
    context.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(liveLeases(new JdbcTemplate(db.dataSource()))).isZero();
    assertThat(Topics.committedOffset(bootstrap, "audit", topic)).isEqualTo(3);
  }

  static long liveLeases(JdbcTemplate jdbc) {
    Long count =
        jdbc.queryForObject(
            "SELECT count(*) FROM eventline_outbox_lease"
                + " WHERE owner = 'shutdown-test' AND expires_at > now()",
            Long.class);
    return count == null ? -1 : count;
  }

  /** Counts what it consumes. */
  static class Auditor {
    @EventlineHandler(topic = "${test.topic}", consumer = "audit")
    void audit(byte[] payload) {
      audited.incrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Auditor auditor() {
      return new Auditor();
    }
  }
}

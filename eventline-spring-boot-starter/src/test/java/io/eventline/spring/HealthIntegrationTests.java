package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.outbox.OutboxAdmin;
import io.eventline.testkit.DatabaseExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The "eventline" health indicator and the relay's meters, against a real dead event. */
class HealthIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  static ConfigurableApplicationContext context;

  @BeforeAll
  static void start() {
    context =
        TestContexts.start(
            db,
            Map.of(
                "eventline.inbox.enabled", "false",
                "eventline.relay.max-attempts", "1",
                "eventline.health.max-dead", "0"));
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void healthIsDownWhileADeadEventExceedsTheThresholdAndUpAgainOnceItIsSkipped() {
    await().atMost(Duration.ofSeconds(10)).until(() -> health().getStatus().equals(Status.UP));
    assertThat(health().getDetails()).containsKey("relay");

    EventEnvelope<?> lost =
        context
            .getBean(EventFactory.class)
            .event("order.placed", "order", "o-lost", Map.of("orderId", "o-lost"));
    new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
        .executeWithoutResult(
            status -> context.getBean(OutboxWriter.class).append("no-such-topic", lost));

    await().atMost(Duration.ofSeconds(20)).until(() -> health().getStatus().equals(Status.DOWN));
    assertThat(health().getDetails().get("problems"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .anySatisfy(
            problem ->
                assertThat((String) problem)
                    .contains("1 dead outbox events")
                    .contains("eventline.health.max-dead=0"));
    assertThat(context.getBean(MeterRegistry.class).get("eventline.outbox.dead").gauge().value())
        .isEqualTo(1.0);

    assertThat(context.getBean(OutboxAdmin.class).skip(lost.eventId(), "test: topic retired"))
        .isEqualTo(OutboxAdmin.Result.DONE);

    await().atMost(Duration.ofSeconds(10)).until(() -> health().getStatus().equals(Status.UP));
    assertThat(health().getDetails()).doesNotContainKey("problems");
  }

  static Health health() {
    Health health = context.getBean("eventlineHealthIndicator", HealthIndicator.class).health(true);
    assertThat(health).isNotNull();
    return health;
  }
}

package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.bus.EventBus;
import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.jdbc.SchemaStatus;
import io.eventline.outbox.OutboxRelay;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Startup decisions on an in-memory H2 database, without Kafka: property validation, the schema
 * mode, the on/off switches, handler declarations that cannot work.
 */
class EventlineAutoConfigurationTests {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(EventlineAutoConfiguration.class))
          .withUserConfiguration(H2.class)
          .withPropertyValues(
              "eventline.relay.enabled=false",
              "eventline.inbox.enabled=false",
              "eventline.event-store.enabled=false"); // H2: the event store is PostgreSQL only

  @Test
  void invalidSettingsStopStartupNamingThePropertyAndTheValue() {
    runner
        .withPropertyValues(
            "eventline.relay.workers=0",
            "eventline.relay.polling-above=-1",
            "eventline.relay.busy-linger=2s",
            "eventline.inbox.dedupe-window=1d",
            "eventline.consumers.[bad/name].threads=2")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("eventline.relay.workers must be in [1, 32] but was 0")
                    .hasStackTraceContaining("eventline.relay.polling-above must be in")
                    .hasStackTraceContaining("eventline.relay.busy-linger")
                    .hasStackTraceContaining(
                        "eventline.inbox.dedupe-window must be longer than"
                            + " eventline.inbox.longest-redelivery (PT168H)")
                    .hasStackTraceContaining("consumer name 'bad/name' is not valid"));
  }

  @Test
  void theEventStoreOnAnotherDatabaseStopsStartupSayingWhatToDo() {
    runner
        .withPropertyValues("eventline.event-store.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("the event store runs on PostgreSQL only")
                    .hasStackTraceContaining("eventline.event-store.enabled=false"));
    // and on its own it does not break the other components' schema on H2
    runner.run(
        context ->
            assertThat(context.getBean(SchemaMigrator.class).status())
                .extracting(SchemaStatus::component)
                .doesNotContain("eventstore"));
  }

  @Test
  void embeddedDatabaseIsMigratedByDefaultAndNeverMeansNever() {
    runner.run(
        context ->
            assertThat(context.getBean(SchemaMigrator.class).status())
                .isNotEmpty()
                .allMatch(SchemaStatus::isCurrent));
    runner
        .withPropertyValues("eventline.schema.mode=never")
        .run(
            context ->
                assertThat(context.getBean(SchemaMigrator.class).status())
                    .allMatch(status -> status.installed() == 0));
  }

  @Test
  void theSqlIsExportableForFlywayAndLiquibase() {
    runner.run(
        context ->
            assertThat(context.getBean(SchemaMigrator.class).script(Dialect.postgresql()))
                .contains("CREATE TABLE IF NOT EXISTS eventline_outbox ")
                .contains("eventline_inbox"));
  }

  @Test
  void relayAndConsumersFollowTheirSwitches() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(OutboxWriter.class).hasSingleBean(EventBus.class);
          assertThat(context).doesNotHaveBean(OutboxRelay.class);
          assertThat(context).doesNotHaveBean(RelayLifecycle.class);
          assertThat(context).doesNotHaveBean(ConsumerLifecycle.class);
        });
    runner
        .withPropertyValues("eventline.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(OutboxWriter.class));
  }

  @Test
  void handlersOfOneConsumerOnDifferentTopicsStopStartup() {
    runner
        .withPropertyValues("eventline.inbox.enabled=true")
        .withUserConfiguration(ConflictingHandlers.class)
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining(
                        "methods of consumer 'billing' name different topics"));
  }

  @Configuration(proxyBeanMethods = false)
  static class H2 {
    @Bean
    DataSource dataSource() {
      return new DriverManagerDataSource(
          "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }
  }

  static class Billing {
    @EventlineHandler(topic = "order", consumer = "billing")
    void placed(byte[] payload) {}

    @EventlineHandler(topic = "refund", consumer = "billing")
    void refunded(byte[] payload) {}
  }

  @Configuration(proxyBeanMethods = false)
  static class ConflictingHandlers {
    @Bean
    Billing billing() {
      return new Billing();
    }
  }
}

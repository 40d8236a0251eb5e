package io.eventline.spring;

import io.eventline.bus.EventBus;
import io.eventline.core.EventFactory;
import io.eventline.core.EventTypeRule;
import io.eventline.core.IdGenerator;
import io.eventline.core.PayloadCodec;
import io.eventline.core.TransactionHooks;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxAdmin;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.kafka.KafkaTransport;
import io.eventline.outbox.Outbox;
import io.eventline.outbox.OutboxAdmin;
import io.eventline.outbox.OutboxRelay;
import io.eventline.outbox.OutboxTransport;
import io.eventline.outbox.Retention;
import io.eventline.outbox.micrometer.OutboxRelayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Eventline on the application's {@link DataSource}: the {@link OutboxWriter} in Spring
 * transactions, the relay and the {@link EventlineHandler} consumers as lifecycle beans, the {@link
 * EventBus} dispatching after commit, the schema by {@code eventline.schema.mode}, and metrics and
 * trace context when Micrometer is present. Every bean backs off when the application defines its
 * own of that type; {@code eventline.enabled=false} turns it all off.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
      "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
      "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
      "org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration"
    })
@ConditionalOnClass(name = "org.springframework.jdbc.datasource.DataSourceUtils")
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "eventline", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EventlineProperties.class)
public class EventlineAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SchemaMigrator eventlineSchemaMigrator(DataSource dataSource) {
    return SchemaMigrator.create(dataSource);
  }

  @Bean
  SchemaInitializer eventlineSchemaInitializer(
      DataSource dataSource, SchemaMigrator migrator, EventlineProperties properties) {
    return new SchemaInitializer(dataSource, migrator, properties.getSchema().getMode());
  }

  @Bean
  @ConditionalOnMissingBean
  PayloadCodec eventlinePayloadCodec() {
    return PayloadCodec.json();
  }

  @Bean
  @ConditionalOnMissingBean
  EventFactory eventlineEventFactory(ObjectProvider<Clock> clocks, EventlineProperties properties) {
    Clock clock = clocks.getIfUnique(Clock::systemUTC);
    return EventFactory.create(
        clock, IdGenerator.uuidV7(clock), EventTypeRule.of(properties.getNaming()));
  }

  @Bean
  @ConditionalOnMissingBean
  Outbox eventlineOutbox(PayloadCodec codec, EventlineProperties properties) {
    return Outbox.builder().codec(codec).naming(EventTypeRule.of(properties.getNaming())).build();
  }

  @Bean
  @ConditionalOnMissingBean
  OutboxWriter eventlineOutboxWriter(
      DataSource dataSource,
      Outbox outbox,
      ObjectProvider<TraceContext> traces,
      SchemaInitializer schema) {
    return new SpringOutboxWriter(
        dataSource, outbox, traces.getIfAvailable(() -> TraceContext.NONE));
  }

  @Bean
  @ConditionalOnMissingBean
  TransactionHooks eventlineTransactionHooks() {
    return new SpringTransactionHooks();
  }

  @Bean
  @ConditionalOnMissingBean
  EventBus eventlineEventBus(TransactionHooks transactions) {
    return EventBus.builder().transactions(transactions).build();
  }

  @Bean
  static SubscribeRegistrar eventlineSubscribeRegistrar(ObjectProvider<EventBus> bus) {
    return new SubscribeRegistrar(bus);
  }

  @Bean
  @ConditionalOnMissingBean
  OutboxAdmin eventlineOutboxAdmin(DataSource dataSource) {
    return OutboxAdmin.create(dataSource);
  }

  @Bean
  @ConditionalOnMissingBean
  InboxAdmin eventlineInboxAdmin(DataSource dataSource, ObjectProvider<Clock> clocks) {
    return InboxAdmin.create(dataSource, clocks.getIfUnique(Clock::systemUTC));
  }

  @Bean
  @ConditionalOnMissingBean
  Inbox eventlineInbox(
      DataSource dataSource,
      ObjectProvider<PlatformTransactionManager> transactionManagers,
      Outbox outbox,
      EventFactory events,
      PayloadCodec codec,
      ObjectProvider<Clock> clocks,
      EventlineProperties properties,
      SchemaInitializer schema) {
    PlatformTransactionManager transactionManager = transactionManagers.getIfUnique();
    if (transactionManager == null) {
      throw new IllegalStateException(
          "Eventline's inbox needs exactly one PlatformTransactionManager for the application's"
              + " DataSource, so that @EventlineHandler methods run in the transaction of the"
              + " inbox mark; found none or several");
    }
    EventlineProperties.InboxSettings settings = properties.getInbox();
    Inbox inbox =
        Inbox.builder(new TransactionAwareDataSourceProxy(dataSource))
            .clock(clocks.getIfUnique(Clock::systemUTC))
            .events(events)
            .outbox(outbox)
            .codec(codec)
            .maxAttempts(settings.getMaxAttempts())
            .dedupeWindow(settings.getDedupeWindow())
            .longestRedelivery(settings.getLongestRedelivery())
            .build();
    return new SpringTransactionInbox(inbox, transactionManager);
  }

  @Bean
  static HandlerRegistry eventlineHandlerRegistry() {
    return new HandlerRegistry();
  }

  @Bean
  KafkaSettings eventlineKafkaSettings(EventlineProperties properties, Environment environment) {
    return KafkaSettings.resolve(properties.getKafka(), environment);
  }

  @Bean
  @ConditionalOnProperty(prefix = "eventline.inbox", name = "enabled", matchIfMissing = true)
  ConsumerLifecycle eventlineConsumers(
      HandlerRegistry registry,
      EventlineProperties properties,
      KafkaSettings kafka,
      Inbox inbox,
      PayloadCodec codec,
      ObjectProvider<TraceContext> traces,
      ObjectProvider<ConsumerMeters> meters) {
    return new ConsumerLifecycle(
        registry,
        properties,
        kafka,
        inbox,
        codec,
        traces.getIfAvailable(() -> TraceContext.NONE),
        meters.getIfAvailable(() -> ConsumerMeters.NONE));
  }

  /** The relay of this instance, on by default; {@code eventline.relay.enabled=false} omits it. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "eventline.relay", name = "enabled", matchIfMissing = true)
  static class RelayConfiguration {

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    OutboxTransport eventlineOutboxTransport(
        KafkaSettings kafka, EventlineProperties properties, Environment environment) {
      String source = properties.getSource();
      if (source == null) {
        String application = environment.getProperty("spring.application.name");
        source = application == null || application.isBlank() ? "/eventline" : "/" + application;
      }
      return KafkaTransport.builder(kafka.bootstrapServers())
          .source(source)
          .checkTopics(properties.getKafka().isCheckTopics())
          .properties(kafka.producer())
          .build();
    }

    @Bean
    OutboxRelay eventlineOutboxRelay(
        DataSource dataSource,
        OutboxTransport transport,
        EventlineProperties properties,
        SchemaInitializer schema) {
      EventlineProperties.Relay settings = properties.getRelay();
      OutboxRelay.Builder builder =
          OutboxRelay.builder(dataSource, transport)
              .workers(settings.getWorkers())
              .batchSize(settings.getBatchSize())
              .maxAttempts(settings.getMaxAttempts())
              .retention(Retention.keep(settings.getRetention()))
              .leaseTtl(settings.getLeaseTtl())
              .shutdownTimeout(settings.getShutdownTimeout())
              .probeInterval(settings.getProbeInterval());
      if (settings.getInstanceId() != null) {
        builder.instanceId(settings.getInstanceId());
      }
      builder.pollingAbove(settings.getPollingAbove()).busyLinger(settings.getBusyLinger());
      if (settings.getPollInterval() != null) {
        builder.pollInterval(settings.getPollInterval());
      }
      return builder.build();
    }

    @Bean
    RelayLifecycle eventlineRelayLifecycle(OutboxRelay relay) {
      return new RelayLifecycle(relay);
    }
  }

  /**
   * The event store, when {@code eventline-eventstore} is on the class path: an {@code EventStore}
   * on the application's {@code DataSource} (its tables created with the others, by {@code
   * eventline.schema.mode}) with every {@code AppendHook} bean plugged in, and an {@link
   * EventStoreWriter} that appends in the current Spring transaction. With {@code
   * eventline.event-store.publish-to-outbox=true} every appended event is also written to the
   * outbox in the same transaction, for the relay to publish. {@code
   * eventline.event-store.enabled=false} omits it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.eventline.eventstore.EventStore")
  @ConditionalOnProperty(prefix = "eventline.event-store", name = "enabled", matchIfMissing = true)
  static class EventStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    io.eventline.eventstore.EventStore eventlineEventStore(
        DataSource dataSource,
        PayloadCodec codec,
        Outbox outbox,
        ObjectProvider<io.eventline.eventstore.AppendHook> hooks,
        EventlineProperties properties,
        SchemaInitializer schema) {
      requirePostgres(dataSource);
      io.eventline.eventstore.EventStore.Builder builder =
          io.eventline.eventstore.EventStore.builder(dataSource).codec(codec);
      hooks.orderedStream().forEach(builder::onAppend);
      if (properties.getEventStore().isPublishToOutbox()) {
        builder.onAppend(
            (connection, appended) -> {
              for (io.eventline.eventstore.RecordedEvent event : appended) {
                outbox.append(connection, event.envelope());
              }
            });
      }
      return builder.build();
    }

    private static void requirePostgres(DataSource dataSource) {
      io.eventline.jdbc.Dialect.Kind kind;
      try (java.sql.Connection connection = dataSource.getConnection()) {
        kind = io.eventline.jdbc.Dialect.detect(connection).kind();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(
            "cannot reach the application's DataSource to set up the event store: "
                + e.getMessage(),
            e);
      }
      if (kind != io.eventline.jdbc.Dialect.Kind.POSTGRESQL) {
        throw new IllegalStateException(
            "eventline-eventstore is on the class path but the application's DataSource is "
                + kind
                + ", and the event store runs on PostgreSQL only: remove the dependency, or set"
                + " eventline.event-store.enabled=false");
      }
    }

    @Bean
    @ConditionalOnMissingBean
    EventStoreWriter eventlineEventStoreWriter(
        DataSource dataSource, io.eventline.eventstore.EventStore store) {
      return new SpringEventStoreWriter(dataSource, store);
    }
  }

  /** Trace context through Micrometer Tracing, when it is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
  static class TracingConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TraceContext eventlineTraceContext(
        ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
      return new LazyTraceContext(tracers, propagators);
    }
  }

  /** Meters under {@code eventline.*}, when Micrometer is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {
    @Bean
    ConsumerMeters eventlineConsumerMeters(ObjectProvider<MeterRegistry> registries) {
      return new MicrometerConsumerMeters(registries);
    }

    @Bean
    @ConditionalOnProperty(prefix = "eventline.relay", name = "enabled", matchIfMissing = true)
    MeterBinder eventlineRelayMetrics(OutboxRelay relay) {
      return new OutboxRelayMetrics(relay);
    }
  }
}

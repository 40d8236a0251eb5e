package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.sampler.Sampler;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.InboxContext;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link EventlineHandler} methods consuming from the real broker into PostgreSQL: duplicates run
 * once, a failed attempt leaves nothing behind, the trace context is continued.
 */
class EventlineHandlerIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  static ConfigurableApplicationContext context;
  static String topic;
  static String bootstrap;

  record OrderPlaced(String orderId, long amount) {}

  @BeforeAll
  static void start() {
    bootstrap = EmbeddedKafka.shared().bootstrapServers();
    topic = EmbeddedKafka.shared().freshTopic("orders-in", 1);
    db.database().execute("CREATE TABLE payments (order_id TEXT NOT NULL, amount BIGINT)");
    context =
        TestContexts.start(
            db,
            Map.of("test.topic", topic, "eventline.relay.enabled", "false"),
            Config.class,
            Tracing.class);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void duplicateDeliveriesRunTheHandlerOnce() throws Exception {
    EventEnvelope<byte[]> placed = placed("o-dup", null);

    Topics.publish(bootstrap, topic, placed, 2);

    awaitSettled();
    assertThat(handler().runs("o-dup")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM payments WHERE order_id = 'o-dup'")).isEqualTo(1);
    assertThat(followUps("o-dup")).isEqualTo(1);
    MeterRegistry meters = context.getBean(MeterRegistry.class);
    assertThat(
            meters
                .get("eventline.kafka.consumer.records")
                .tags("consumer", "payments", "outcome", "duplicate")
                .functionCounter()
                .count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void failedAttemptRollsBackWhatTheHandlerWroteThroughJdbcTemplateAndTheOutboxWriter()
      throws Exception {
    handler().failFirstAttempt.add("o-flaky");

    Topics.publish(bootstrap, topic, placed("o-flaky", null), 1);

    awaitSettled();
    assertThat(handler().runs("o-flaky")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM payments WHERE order_id = 'o-flaky'")).isEqualTo(1);
    assertThat(followUps("o-flaky")).isEqualTo(1);
  }

  @Test
  void handlerContinuesTheEventsTraceAndItsFollowUpCarriesIt() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";

    Topics.publish(bootstrap, topic, placed("o-traced", traceparent), 1);

    awaitSettled();
    assertThat(handler().traceIds.get("o-traced")).isEqualTo(traceId);
    String followUpTrace =
        context
            .getBean(JdbcTemplate.class)
            .queryForObject(
                "SELECT headers->>'traceparent' FROM eventline_outbox WHERE aggregate_id ="
                    + " 'o-traced'",
                String.class);
    assertThat(followUpTrace).startsWith("00-" + traceId + "-").isNotEqualTo(traceparent);
  }

  @Test
  void eventsWrittenUnderASpanTakeItsTraceContext() {
    Tracer tracer = context.getBean(Tracer.class);
    Span span = tracer.nextSpan().name("place order").start();
    EventEnvelope<?> placed =
        context
            .getBean(EventFactory.class)
            .event("order.placed", "order", "o-span", new OrderPlaced("o-span", 7));

    Tracer.SpanInScope scope = tracer.withSpan(span);
    try {
      new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
          .executeWithoutResult(status -> context.getBean(OutboxWriter.class).append(placed));
    } finally {
      scope.close();
      span.end();
    }

    String traceparent =
        context
            .getBean(JdbcTemplate.class)
            .queryForObject(
                "SELECT headers->>'traceparent' FROM eventline_outbox WHERE event_id = ?",
                String.class,
                placed.eventId());
    assertThat(traceparent)
        .isEqualTo("00-" + span.context().traceId() + "-" + span.context().spanId() + "-01");
  }

  static EventEnvelope<byte[]> placed(String orderId, String traceparent) {
    EventEnvelope<OrderPlaced> event =
        context
            .getBean(EventFactory.class)
            .event("order.placed", "order", orderId, new OrderPlaced(orderId, 42));
    return event
        .withTraceparent(traceparent)
        .withPayload(PayloadCodec.json().encode(event.payload()));
  }

  static void awaitSettled() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Topics.committedOffset(bootstrap, "payments", topic)
                    == Topics.endOffset(bootstrap, topic));
  }

  static PaymentHandler handler() {
    return context.getBean(PaymentHandler.class);
  }

  static long count(String sql) {
    Long value = context.getBean(JdbcTemplate.class).queryForObject(sql, Long.class);
    return value == null ? -1 : value;
  }

  static long followUps(String orderId) {
    return count(
        "SELECT count(*) FROM eventline_outbox WHERE event_type = 'payment.processed'"
            + " AND aggregate_id = '"
            + orderId
            + "'");
  }

  /** Charges an order: a payment row and a follow-up event, in the inbox's transaction. */
  static class PaymentHandler {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Map<String, String> traceIds = new ConcurrentHashMap<>();
    final Set<String> failFirstAttempt = ConcurrentHashMap.newKeySet();
    private final JdbcTemplate jdbc;
    private final OutboxWriter outbox;
    private final EventFactory events;
    private final Tracer tracer;

    PaymentHandler(JdbcTemplate jdbc, OutboxWriter outbox, EventFactory events, Tracer tracer) {
      this.jdbc = jdbc;
      this.outbox = outbox;
      this.events = events;
      this.tracer = tracer;
    }

    @EventlineHandler(topic = "${test.topic}", consumer = "payments", eventType = "order.placed")
    void charge(OrderPlaced order, EventEnvelope<OrderPlaced> event, InboxContext inbox) {
      runs.computeIfAbsent(order.orderId(), id -> new AtomicInteger()).incrementAndGet();
      Span span = tracer.currentSpan();
      if (span != null) {
        traceIds.put(order.orderId(), span.context().traceId());
      }
      jdbc.update(
          "INSERT INTO payments (order_id, amount) VALUES (?, ?)", order.orderId(), order.amount());
      outbox.append(
          events
              .causedBy(event)
              .event("payment.processed", "payment", order.orderId(), Map.of("paid", true)));
      if (failFirstAttempt.remove(order.orderId())) {
        throw new IllegalStateException("the card network timed out");
      }
    }

    int runs(String orderId) {
      AtomicInteger count = runs.get(orderId);
      return count == null ? 0 : count.get();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    @Bean
    PaymentHandler paymentHandler(
        JdbcTemplate jdbc, OutboxWriter outbox, EventFactory events, Tracer tracer) {
      return new PaymentHandler(jdbc, outbox, events, tracer);
    }
  }

  /** Micrometer Tracing on Brave with W3C propagation, as Spring Boot would set it up. */
  @Configuration(proxyBeanMethods = false)
  static class Tracing {
    @Bean(destroyMethod = "close")
    brave.Tracing braveTracing() {
      return brave.Tracing.newBuilder()
          .currentTraceContext(ThreadLocalCurrentTraceContext.create())
          .propagationFactory(new W3CPropagation())
          .traceId128Bit(true)
          .sampler(Sampler.ALWAYS_SAMPLE)
          .build();
    }

    @Bean
    Tracer tracer(brave.Tracing tracing) {
      return new BraveTracer(
          tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()));
    }

    @Bean
    Propagator propagator(brave.Tracing tracing) {
      return new BravePropagator(tracing);
    }
  }
}

package io.eventline.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters for a {@link KafkaInboxConsumer}, read from {@link KafkaInboxConsumer#status()}
 * on each scrape:
 *
 * <ul>
 *   <li>{@code eventline.kafka.consumer.records{consumer, outcome}}: processed, duplicate,
 *       failed_attempt, dead_lettered, malformed, parked, dead_letter_topic
 *   <li>{@code eventline.kafka.consumer.lag{consumer}}: records not processed yet
 *   <li>{@code eventline.kafka.consumer.partitions{consumer, state}}: assigned, paused
 * </ul>
 *
 * Needs {@code io.micrometer:micrometer-core} on the class path (an optional dependency). For the
 * inbox's own counters (ordering gaps, purges) bind {@link io.eventline.inbox.InboxMetrics} too.
 */
public final class KafkaInboxMetrics implements MeterBinder {
  private final KafkaInboxConsumer runner;

  private KafkaInboxMetrics(KafkaInboxConsumer runner) {
    this.runner = Objects.requireNonNull(runner, "KafkaInboxMetrics.runner may not be null");
  }

  public static KafkaInboxMetrics of(KafkaInboxConsumer runner) {
    return new KafkaInboxMetrics(runner);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    records(registry, "processed", ConsumerStatus::processed);
    records(registry, "duplicate", ConsumerStatus::duplicates);
    records(registry, "failed_attempt", ConsumerStatus::failedAttempts);
    records(registry, "dead_lettered", ConsumerStatus::deadLettered);
    records(registry, "malformed", ConsumerStatus::malformed);
    records(registry, "parked", ConsumerStatus::parked);
    records(registry, "dead_letter_topic", ConsumerStatus::deadLetterTopicRecords);
    Gauge.builder("eventline.kafka.consumer.lag", runner, r -> r.status().lag())
        .tag("consumer", runner.consumer())
        .description("records fetched or on the broker that are not processed yet")
        .register(registry);
    Gauge.builder(
            "eventline.kafka.consumer.partitions", runner, r -> r.status().partitions().size())
        .tag("consumer", runner.consumer())
        .tag("state", "assigned")
        .register(registry);
    Gauge.builder(
            "eventline.kafka.consumer.partitions",
            runner,
            r -> r.status().partitions().stream().filter(p -> p.paused()).count())
        .tag("consumer", runner.consumer())
        .tag("state", "paused")
        .register(registry);
  }

  private void records(
      MeterRegistry registry, String outcome, ToLongFunction<ConsumerStatus> value) {
    FunctionCounter.builder(
            "eventline.kafka.consumer.records", runner, r -> value.applyAsLong(r.status()))
        .tag("consumer", runner.consumer())
        .tag("outcome", outcome)
        .register(registry);
  }
}

package io.eventline.outbox.micrometer;

import io.eventline.outbox.OutboxRelay;
import io.eventline.outbox.RelayStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a relay's counters and backlog under {@code eventline.outbox.*}, tagged with the relay
 * instance. Every meter reads {@link OutboxRelay#status()}, which never queries the database: the
 * backlog figures come from the relay's periodic probe, so a scrape costs nothing.
 *
 * <pre>{@code
 * new OutboxRelayMetrics(relay).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Counters: {@code published}, {@code failed.attempts}, {@code dead.lettered}, {@code
 * unavailable}, {@code batches}, {@code lease.changes}, {@code unmarked}. Gauges: {@code pending},
 * {@code retrying}, {@code dead}, {@code oldest.pending.age} (seconds), {@code partitions.owned},
 * {@code batch.size.last}.
 */
public final class OutboxRelayMetrics implements MeterBinder {
  private final OutboxRelay relay;

  public OutboxRelayMetrics(OutboxRelay relay) {
    this.relay = Objects.requireNonNull(relay, "OutboxRelayMetrics.relay may not be null");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("instance", relay.instanceId());
    counter(
        registry,
        tags,
        "published",
        "events acknowledged by the broker and marked",
        RelayStatus::published);
    counter(
        registry,
        tags,
        "failed.attempts",
        "send attempts charged to events",
        RelayStatus::failedAttempts);
    counter(
        registry,
        tags,
        "dead.lettered",
        "events this relay marked dead",
        RelayStatus::deadLettered);
    counter(
        registry,
        tags,
        "unavailable",
        "batches that found the broker unavailable",
        RelayStatus::unavailable);
    counter(registry, tags, "batches", "batches sent", RelayStatus::batches);
    counter(
        registry,
        tags,
        "lease.changes",
        "partitions acquired, released or lost",
        RelayStatus::leaseChanges);
    counter(
        registry,
        tags,
        "unmarked",
        "sent events whose mark was refused after a lease moved",
        RelayStatus::unmarked);
    gauge(
        registry,
        tags,
        "pending",
        "unpublished rows (capped) at the last probe",
        s -> Math.max(0, s.pending()));
    gauge(
        registry,
        tags,
        "retrying",
        "rows waiting to retry at the last probe",
        RelayStatus::retryingInTable);
    gauge(
        registry,
        tags,
        "dead",
        "dead rows freezing their aggregates at the last probe",
        RelayStatus::deadInTable);
    gauge(
        registry,
        tags,
        "oldest.pending.age",
        "age in seconds of the oldest unpublished row at the last probe",
        s -> s.oldestPendingAge().toMillis() / 1000.0);
    gauge(
        registry,
        tags,
        "partitions.owned",
        "outbox partitions this relay holds",
        s -> s.partitions().size());
    gauge(
        registry, tags, "batch.size.last", "rows in the latest batch", RelayStatus::lastBatchSize);
  }

  private void counter(
      MeterRegistry registry,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<RelayStatus> value) {
    FunctionCounter.builder("eventline.outbox." + name, relay, r -> value.applyAsDouble(r.status()))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      Tags tags,
      String name,
      String description,
      ToDoubleFunction<RelayStatus> value) {
    Gauge.builder("eventline.outbox." + name, relay, r -> value.applyAsDouble(r.status()))
        .description(description)
        .tags(tags)
        .register(registry);
  }
}

package io.eventline.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer gauges for {@link EventStore#feedDelay()} (Micrometer is an optional dependency: add
 * {@code io.micrometer:micrometer-core} to use this class).
 *
 * <ul>
 *   <li>{@code eventline.eventstore.feed.held.back.events}: committed events readers cannot see yet
 *   <li>{@code eventline.eventstore.feed.transactions.in.flight}: transaction ids between the
 *       oldest running one and the next
 *   <li>{@code eventline.eventstore.feed.oldest.transaction.age} (seconds): how long the oldest
 *       transaction holding an id, anywhere in the cluster, has been open; alert on this one
 * </ul>
 *
 * One query serves all three gauges; its result is reused for {@code maxAge}, so scrapes do not
 * load the database.
 */
public final class EventStoreMetrics {
  private final EventStore store;
  private final long maxAgeNanos;
  private FeedDelay last;
  private long measuredAt;

  private EventStoreMetrics(EventStore store, Duration maxAge) {
    this.store = store;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** Registers the gauges, re-measuring at most every 5 seconds. */
  public static void bind(EventStore store, MeterRegistry registry, Tags tags) {
    bind(store, registry, tags, Duration.ofSeconds(5));
  }

  /** Registers the gauges, re-measuring at most every {@code maxAge}. */
  public static void bind(EventStore store, MeterRegistry registry, Tags tags, Duration maxAge) {
    Objects.requireNonNull(store, "EventStoreMetrics store may not be null");
    Objects.requireNonNull(registry, "EventStoreMetrics registry may not be null");
    if (maxAge == null || maxAge.isNegative()) {
      throw new IllegalArgumentException(
          "EventStoreMetrics maxAge must be zero or positive but was " + maxAge);
    }
    EventStoreMetrics metrics = new EventStoreMetrics(store, maxAge);
    gauge(
        registry,
        tags,
        metrics,
        "eventline.eventstore.feed.held.back.events",
        "events",
        d -> d.heldBackEvents());
    gauge(
        registry,
        tags,
        metrics,
        "eventline.eventstore.feed.transactions.in.flight",
        "transactions",
        d -> d.transactionsInFlight());
    gauge(
        registry,
        tags,
        metrics,
        "eventline.eventstore.feed.oldest.transaction.age",
        "seconds",
        d -> d.oldestTransactionAge().toMillis() / 1000.0);
  }

  private static void gauge(
      MeterRegistry registry,
      Tags tags,
      EventStoreMetrics metrics,
      String name,
      String unit,
      ToDoubleFunction<FeedDelay> value) {
    Gauge.builder(name, metrics, m -> value.applyAsDouble(m.current()))
        .tags(tags)
        .baseUnit(unit)
        .description("how far open transactions hold the event store's global feed back")
        .register(registry);
  }

  private synchronized FeedDelay current() {
    long now = System.nanoTime();
    if (last == null || now - measuredAt >= maxAgeNanos) {
      last = store.feedDelay();
      measuredAt = now;
    }
    return last;
  }
}

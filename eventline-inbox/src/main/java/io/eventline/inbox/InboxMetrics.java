package io.eventline.inbox;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters for one consumer of an {@link Inbox}, read from {@link Inbox#stats} on each
 * scrape (no query runs):
 *
 * <ul>
 *   <li>{@code eventline.inbox.events{consumer, outcome}}: processed, duplicate, failed_attempt,
 *       dead_lettered, parked
 *   <li>{@code eventline.inbox.out_of_order{consumer, kind}}: gap, older (whatever the guard's
 *       policy did with them)
 *   <li>{@code eventline.inbox.replayed{consumer}}, {@code eventline.inbox.purged{consumer}}
 * </ul>
 *
 * Needs {@code io.micrometer:micrometer-core} on the class path (an optional dependency).
 */
public final class InboxMetrics implements MeterBinder {
  private final Inbox inbox;
  private final String consumer;

  private InboxMetrics(Inbox inbox, String consumer) {
    this.inbox = Objects.requireNonNull(inbox, "InboxMetrics.inbox may not be null");
    this.consumer = Inbox.requireConsumerName(consumer);
  }

  public static InboxMetrics of(Inbox inbox, String consumer) {
    return new InboxMetrics(inbox, consumer);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    events(registry, "processed", InboxStats::processed);
    events(registry, "duplicate", InboxStats::duplicates);
    events(registry, "failed_attempt", InboxStats::failedAttempts);
    events(registry, "dead_lettered", InboxStats::deadLettered);
    events(registry, "parked", InboxStats::parked);
    counter(registry, "eventline.inbox.out_of_order", "kind", "gap", InboxStats::gaps);
    counter(registry, "eventline.inbox.out_of_order", "kind", "older", InboxStats::older);
    counter(registry, "eventline.inbox.replayed", null, null, InboxStats::replayed);
    counter(registry, "eventline.inbox.purged", null, null, InboxStats::purged);
  }

  private void events(MeterRegistry registry, String outcome, ToLongFunction<InboxStats> value) {
    counter(registry, "eventline.inbox.events", "outcome", outcome, value);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String tag,
      String tagValue,
      ToLongFunction<InboxStats> value) {
    FunctionCounter.Builder<Inbox> builder =
        FunctionCounter.builder(name, inbox, i -> value.applyAsLong(i.stats(consumer)))
            .tag("consumer", consumer);
    if (tag != null) {
      builder.tag(tag, tagValue);
    }
    builder.register(registry);
  }
}

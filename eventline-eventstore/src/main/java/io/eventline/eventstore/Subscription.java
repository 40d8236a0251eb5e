package io.eventline.eventstore;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A running, durable subscription to the global feed (or a category or event type of it).
 *
 * <p><b>Catch-up and live are one loop.</b> The subscription reads the feed after its checkpoint in
 * batches until a read comes back short, then waits for a {@code NOTIFY} from an append or for the
 * fallback poll, and reads again with the same query. There is no separate live source, so the
 * switch from catching up to live has no gap and no duplicate; notifications only shorten the wait,
 * and correctness does not depend on them.
 *
 * <p><b>Delivery.</b> With an {@link EventHandler}: at least once (checkpoint committed after the
 * handler returns). With a {@link Projection}: exactly once into the read model (same transaction
 * as the checkpoint).
 *
 * <p><b>Competing instances.</b> Instances with the same name share one checkpoint and one lease in
 * {@code eventline_subscriptions}; the lease is kept on the database clock. One instance is active,
 * the others wait; when the active one dies its lease expires after {@code leaseDuration} and
 * another takes over from the last committed checkpoint. An instance paused past its lease (GC, a
 * frozen VM) may hand a handler one more batch that the new owner also delivers (at least once); a
 * projection's writes from such an instance are rolled back.
 */
public interface Subscription extends AutoCloseable {

  String name();

  /** This instance's id in the lease table. */
  String instanceId();

  /** Whether this instance holds the lease right now. */
  boolean isActive();

  /** The last checkpoint this instance committed or loaded. */
  Checkpoint checkpoint();

  /**
   * Rebuilds from the start of the feed: in one transaction, {@link Projection#reset} and the
   * checkpoint goes back to {@link Checkpoint#START}; then the subscription catches up again,
   * reporting {@link Progress} with a total. Completes when it has caught up. Must be called on the
   * active instance; otherwise the future fails and names the instance.
   */
  CompletableFuture<Progress> rebuild();

  /** Stops the worker, waits for the current batch, and gives up the lease so others take over. */
  @Override
  void close();

  /** Configures a subscription; {@link #start()} validates and starts it. */
  final class Builder {
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final PostgresEventStore store;
    private final String name;
    private FeedFilter filter = FeedFilter.all();
    private EventHandler handler;
    private Projection projection;
    private String instanceId =
        "pid" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
    private int batchSize = 100;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Consumer<Progress> onProgress = progress -> {};

    Builder(PostgresEventStore store, String name) {
      this.store = store;
      this.name = name;
    }

    public Builder filter(FeedFilter value) {
      this.filter = Objects.requireNonNull(value, "Subscription.filter may not be null");
      return this;
    }

    /** Delivers events at least once; exclusive with {@link #projection}. */
    public Builder handler(EventHandler value) {
      this.handler = value;
      return this;
    }

    /** Applies events exactly once in the checkpoint's transaction; exclusive with handler. */
    public Builder projection(Projection value) {
      this.projection = value;
      return this;
    }

    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** How long a lease lasts without renewal; failover takes about this long. */
    public Builder leaseDuration(Duration value) {
      this.leaseDuration = value;
      return this;
    }

    /** How often the feed is read when no notification arrives. */
    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    /** Called on the subscription's thread after each batch and when it catches up. */
    public Builder onProgress(Consumer<Progress> value) {
      this.onProgress = Objects.requireNonNull(value, "Subscription.onProgress may not be null");
      return this;
    }

    /** Validates the settings and starts the worker thread. */
    public Subscription start() {
      SubscriptionSettings settings =
          SubscriptionSettings.validate(
              name,
              filter,
              handler,
              projection,
              instanceId,
              batchSize,
              leaseDuration,
              pollInterval,
              onProgress);
      return SubscriptionWorker.start(store, settings);
    }
  }
}

package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop behind a {@link Subscription}: hold the lease, read a batch after the checkpoint, hand
 * it over, commit the checkpoint, and wait for a notification or the poll when a read comes back
 * short. One thread per subscription instance.
 */
final class SubscriptionWorker implements Subscription, Runnable {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionWorker.class);
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final PostgresEventStore store;
  private final SubscriptionSettings settings;
  private final SubscriptionLease lease;
  private final FeedListener listener;
  private final BatchRunner runner;
  private final Thread thread;
  private final AtomicReference<CompletableFuture<Progress>> rebuild = new AtomicReference<>();
  private volatile boolean running = true;
  private volatile boolean active;
  private volatile Checkpoint checkpoint = Checkpoint.START;
  private long renewedAt;
  private long processed;
  private long total = -1;
  private CompletableFuture<Progress> rebuilding;
  private boolean reportedCaughtUp;

  private SubscriptionWorker(PostgresEventStore store, SubscriptionSettings settings) {
    this.store = store;
    this.settings = settings;
    this.lease =
        new SubscriptionLease(
            settings.name(), settings.instanceId(), settings.leaseDuration().toMillis());
    this.listener = new FeedListener(store.dataSource(), settings.name());
    this.runner = new BatchRunner(settings, lease);
    this.thread = new Thread(this, "eventline-subscription-" + settings.name());
    this.thread.setDaemon(true);
  }

  static SubscriptionWorker start(PostgresEventStore store, SubscriptionSettings settings) {
    SubscriptionWorker worker = new SubscriptionWorker(store, settings);
    worker.thread.start();
    return worker;
  }

  @Override
  public void run() {
    long backoff = 0;
    long heldBackWait = 10;
    boolean notified = false;
    boolean suspectHeldBack = false;
    while (running) {
      try {
        if (!holdLease()) {
          listener.await(poll(), () -> !running);
          continue;
        }
        startRebuildIfAsked();
        int read = readAndHandle();
        backoff = 0;
        if (read == settings.batchSize()) {
          continue;
        }
        caughtUp(read > 0);
        if (read > 0) {
          suspectHeldBack = false;
          heldBackWait = 10;
        } else if (notified) {
          suspectHeldBack = true; // woken, but an older open transaction still hides the event
        }
        long wait = suspectHeldBack ? heldBackWait : poll();
        if (suspectHeldBack) {
          heldBackWait = Math.min(heldBackWait * 2, poll());
        }
        notified = listener.await(wait, () -> !running);
      } catch (LeaseLostException e) {
        active = false;
        log.warn(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (Exception e) {
        backoff = backoff == 0 ? 100 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        log.error(
            "subscription '{}' instance '{}' failed at checkpoint {}; retrying in {} ms: {}",
            settings.name(),
            settings.instanceId(),
            checkpoint,
            backoff,
            e.getMessage(),
            e);
        sleep(backoff);
      }
    }
    shutdown();
  }

  private long poll() {
    return settings.pollInterval().toMillis();
  }

  private boolean holdLease() throws SQLException {
    long now = System.nanoTime();
    long renewEvery = settings.leaseDuration().toNanos() / 3;
    if (active && now - renewedAt < renewEvery) {
      return true;
    }
    try (Connection connection = store.dataSource().getConnection()) {
      Checkpoint stored = lease.acquire(connection);
      boolean was = active;
      active = stored != null;
      if (active) {
        renewedAt = now;
        if (!was || !lease.continued()) {
          checkpoint = stored;
          log.info(
              "subscription '{}' instance '{}' is now active from checkpoint {}",
              settings.name(),
              settings.instanceId(),
              stored);
        }
      }
      return active;
    }
  }

  private void startRebuildIfAsked() throws SQLException {
    CompletableFuture<Progress> asked = rebuild.getAndSet(null);
    if (asked == null) {
      return;
    }
    try (Connection connection = store.dataSource().getConnection()) {
      total = runner.reset(connection, store);
      checkpoint = Checkpoint.START;
      processed = 0;
      rebuilding = asked;
      log.info("subscription '{}' rebuild started: {} events", settings.name(), total);
    } catch (RuntimeException | SQLException e) {
      asked.completeExceptionally(e);
      throw e;
    }
  }

  private int readAndHandle() throws Exception {
    try (Connection connection = store.dataSource().getConnection()) {
      List<RecordedEvent> batch =
          store.readFeed(connection, settings.filter(), checkpoint, settings.batchSize());
      if (batch.isEmpty()) {
        return 0;
      }
      BatchRunner.Outcome outcome = runner.run(connection, batch);
      if (outcome.handled() > 0) {
        checkpoint = outcome.checkpoint();
        processed += outcome.handled();
        renewedAt = System.nanoTime();
        reportedCaughtUp = false;
        settings.onProgress().accept(progress(false));
      }
      if (outcome.failure() != null) {
        throw outcome.failure();
      }
      return batch.size();
    }
  }

  private void caughtUp(boolean afterEvents) {
    Progress progress = progress(true);
    if (afterEvents || !reportedCaughtUp) {
      settings.onProgress().accept(progress);
      reportedCaughtUp = true;
    }
    if (rebuilding != null) {
      log.info("subscription '{}' rebuild done: {} events", settings.name(), processed);
      rebuilding.complete(progress);
      rebuilding = null;
      total = -1;
    }
  }

  private Progress progress(boolean caughtUp) {
    return new Progress(settings.name(), processed, total, checkpoint, caughtUp);
  }

  private void shutdown() {
    listener.close();
    if (active) {
      try (Connection connection = store.dataSource().getConnection()) {
        lease.release(connection);
      } catch (SQLException | RuntimeException e) {
        log.warn(
            "subscription '{}' could not release its lease; it expires by itself: {}",
            settings.name(),
            e.getMessage());
      }
      active = false;
    }
    failPending(new EventStoreException("subscription '" + settings.name() + "' was closed"));
  }

  private void failPending(Exception reason) {
    CompletableFuture<Progress> asked = rebuild.getAndSet(null);
    if (asked != null) {
      asked.completeExceptionally(reason);
    }
    if (rebuilding != null) {
      rebuilding.completeExceptionally(reason);
      rebuilding = null;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String instanceId() {
    return settings.instanceId();
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public Checkpoint checkpoint() {
    return checkpoint;
  }

  @Override
  public CompletableFuture<Progress> rebuild() {
    CompletableFuture<Progress> future = new CompletableFuture<>();
    if (!active || !running) {
      future.completeExceptionally(
          new EventStoreException(
              "subscription '"
                  + settings.name()
                  + "' instance '"
                  + settings.instanceId()
                  + "' is not the active instance; call rebuild() on the instance whose"
                  + " isActive() is true"));
      return future;
    }
    if (!rebuild.compareAndSet(null, future)) {
      future.completeExceptionally(
          new EventStoreException(
              "subscription '" + settings.name() + "' already has a rebuild pending"));
    }
    return future;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

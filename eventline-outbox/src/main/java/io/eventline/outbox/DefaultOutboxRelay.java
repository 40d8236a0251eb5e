package io.eventline.outbox;

import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay: a lease keeper thread, worker threads, and on PostgreSQL a LISTEN thread. */
final class DefaultOutboxRelay implements OutboxRelay {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxRelay.Builder settings;
  private final String owner;
  private final OwnedPartitions owned = new OwnedPartitions();
  private final RelayCounters counters = new RelayCounters();
  private Wakeups wakeups;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final List<Thread> threads = new ArrayList<>();
  private final List<RelayWorker> workers = new ArrayList<>();
  private LeaseKeeper keeper;
  private BacklogProbe probe;
  private RetentionPurge purge;
  private PgNotifications notifications;
  private WakeArming arming;
  private Thread keeperThread;
  private volatile boolean running;
  private volatile boolean closed;

  DefaultOutboxRelay(OutboxRelay.Builder settings) {
    this.settings = settings;
    this.owner = settings.instanceId;
  }

  @Override
  public synchronized OutboxRelay start() {
    if (running || closed) {
      throw new IllegalStateException("relay " + owner + " was already started");
    }
    DataSource dataSource = settings.dataSource;
    Dialect dialect = detect(dataSource);
    SchemaMigrator.create(dataSource, List.of(new OutboxSchema()))
        .requireCurrent(OutboxSchema.NAME);
    OutboxSql sql = OutboxSql.forDialect(dialect);
    long ttl = settings.leaseTtl.toMillis();
    keeper = new LeaseKeeper(dataSource, sql, owner, ttl, owned, counters);
    probe = new BacklogProbe(sql, Clock.systemUTC());
    purge = new RetentionPurge(dataSource, sql, settings.retention);
    try {
      keeper.round();
    } catch (SQLException e) {
      throw new OutboxException(
          "relay " + owner + " could not take its partition leases: " + e.getMessage(), e);
    }
    running = true;
    long poll =
        settings.pollInterval != null
            ? settings.pollInterval.toMillis()
            : dialect.supportsListenNotify() ? 1_000 : 100;
    Claims claims = new Claims(sql);
    wakeups = new Wakeups(settings.workers);
    if (dialect.supportsListenNotify()) {
      arming = new WakeArming(dataSource, wakeups, owner);
    }
    Marks marks =
        new Marks(sql, settings.retention, settings.backoff, settings.maxAttempts, settings.random);
    for (int i = 0; i < settings.workers; i++) {
      RelayWorker worker =
          new RelayWorker(
              i,
              settings.workers,
              owner,
              dataSource,
              owned,
              claims,
              new BatchPublisher(settings.transport, settings.sendTimeout.toMillis()),
              marks,
              wakeups.of(i),
              counters,
              settings.batchSize,
              poll,
              arming,
              settings.pollingAbove,
              settings.busyLinger.toNanos());
      workers.add(worker);
      threads.add(thread(worker, "worker-" + i));
    }
    if (dialect.supportsListenNotify()) {
      notifications = new PgNotifications(dataSource, wakeups, arming, owner);
      threads.add(thread(notifications, "listen"));
    }
    keeperThread = thread(this::keepLeases, "leases");
    threads.add(thread(this::houseKeeping, "housekeeping"));
    threads.forEach(Thread::start);
    keeperThread.start();
    log.info(
        "relay {} started: {} workers, batch {}, transport {}, {} partitions held",
        owner,
        settings.workers,
        settings.batchSize,
        settings.transport.name(),
        owned.size());
    return this;
  }

  private static Dialect detect(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return Dialect.detect(connection);
    } catch (SQLException e) {
      throw new OutboxException("the relay cannot reach its database: " + e.getMessage(), e);
    }
  }

  private Thread thread(Runnable task, String role) {
    Thread thread = new Thread(task, "eventline-relay-" + role);
    thread.setDaemon(true);
    return thread;
  }

  private void keepLeases() {
    long renewEvery = Math.max(100, settings.leaseTtl.toMillis() / 3);
    long failures = 0;
    while (running) {
      try {
        if (stopping.await(renewEvery, TimeUnit.MILLISECONDS)) {
          return;
        }
        Set<Integer> before = owned.snapshot().keySet();
        keeper.round();
        if (!owned.snapshot().keySet().equals(before)) {
          // new partitions must be claimed and armed, lost ones disarmed for their new owner
          wakeups.signalAll();
        }
        failures = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        failures++;
        if (failures == 1 || failures % 10 == 0) {
          log.warn(
              "relay {} could not renew its leases ({} in a row): {}; other instances may take"
                  + " its partitions {} after the last renewal",
              owner,
              failures,
              e.getMessage(),
              settings.leaseTtl);
        }
      }
    }
  }

  /**
   * Backlog probe, instance cleanup and retention: kept off the lease thread, which must be prompt.
   */
  private void houseKeeping() {
    long every = Math.min(settings.probeInterval.toMillis(), settings.retentionInterval.toMillis());
    long nextProbe = 0;
    long nextPurge = System.nanoTime() + settings.retentionInterval.toNanos();
    while (running) {
      try {
        long now = System.nanoTime();
        if (now >= nextProbe) {
          try (Connection connection = settings.dataSource.getConnection()) {
            counters.probe = probe.measure(connection);
          }
          keeper.forgetExpiredInstances();
          if (arming != null) {
            arming.check(); // not on the lease thread: arming may wait for a pooled connection
          }
          nextProbe = now + settings.probeInterval.toNanos();
        }
        if (now >= nextPurge && owned.holds(0)) {
          long deleted = purge.run();
          if (deleted > 0) {
            log.info("relay {} purged {} published outbox rows past retention", owner, deleted);
          }
          nextPurge = now + settings.retentionInterval.toNanos();
        }
        if (stopping.await(every, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        log.warn("relay {}: measuring the backlog or purging failed: {}", owner, e.getMessage());
        try {
          if (stopping.await(every, TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!running) {
        closeTransport();
        return;
      }
      running = false;
    }
    stopping.countDown();
    workers.forEach(RelayWorker::stop);
    if (notifications != null) {
      notifications.stop();
    }
    if (wakeups != null) {
      wakeups.signalAll();
    }
    long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
    for (Thread thread : threads) {
      join(thread, deadline);
    }
    join(keeperThread, deadline);
    if (arming != null) {
      arming.close();
    }
    try {
      keeper.releaseAll();
    } catch (SQLException e) {
      log.warn(
          "relay {} could not release its leases on shutdown ({}); they expire in {}",
          owner,
          e.getMessage(),
          settings.leaseTtl);
    }
    closeTransport();
    log.info("relay {} stopped after publishing {} events", owner, counters.published.sum());
  }

  private static void join(Thread thread, long deadline) {
    try {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      thread.join(Math.max(1, left));
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeTransport() {
    try {
      settings.transport.close();
    } catch (Exception e) {
      log.warn(
          "relay {}: closing the {} transport failed: {}",
          owner,
          settings.transport.name(),
          e.getMessage());
    }
  }

  /**
   * Stops every thread at once without releasing leases or waiting for acknowledgements, as a
   * crashed process would: for tests of failover.
   */
  void kill() {
    synchronized (this) {
      closed = true;
      running = false;
    }
    stopping.countDown();
    workers.forEach(RelayWorker::stop);
    if (notifications != null) {
      notifications.stop();
    }
    threads.forEach(Thread::interrupt);
    if (keeperThread != null) {
      keeperThread.interrupt();
    }
    for (Thread thread : threads) {
      join(thread, System.nanoTime() + 2_000_000_000L);
    }
    if (arming != null) {
      arming.close(); // a crashed process's sessions end, and their advisory locks with them
    }
    owned.clear();
  }

  @Override
  public RelayStatus status() {
    RelayCounters.Probe latest = counters.probe;
    return new RelayStatus(
        owner,
        running,
        owned.snapshot(),
        counters.published.sum(),
        counters.failedAttempts.sum(),
        counters.deadLettered.sum(),
        counters.unavailable.sum(),
        counters.batches.sum(),
        counters.lastBatchSize,
        counters.leaseChanges.sum(),
        counters.unmarked.sum(),
        latest.pending(),
        latest.capped(),
        latest.oldestPendingAge(),
        latest.dead(),
        latest.retrying(),
        latest.probedAt());
  }

  @Override
  public String instanceId() {
    return owner;
  }
}

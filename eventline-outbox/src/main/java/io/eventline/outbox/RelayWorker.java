package io.eventline.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker loop: claim a batch from the partitions this worker serves, publish it, mark it. It
 * rests only when a claim came back short. Database and broker trouble never kill the loop; it
 * backs off and tries again.
 *
 * <p>How it rests. Without notifications (MariaDB, H2) it polls. On PostgreSQL it arms its
 * partitions ({@link WakeArming}) before it sleeps, so that their writers notify it, and sleeps
 * until notified or the poll interval passes. While the rows it claims come faster than {@code
 * pollingAbove} per second (measured over windows of at least 100 ms) it is busy: after a claim
 * that found rows it disarms, so its writers commit without the cluster-wide NOTIFY lock, and
 * claims again: at once after a full batch, after {@code busyLinger} after a short one (so rows
 * gather into fewer, larger batches); only a claim that finds nothing makes it arm, claim once
 * more, and sleep. A partition that a still-open writer kept from being armed is polled every 1 to
 * {@value #MAX_REFUSED_PAUSE_MILLIS} ms until it can be armed.
 */
final class RelayWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final long MAX_PAUSE_MILLIS = 5_000;
  static final long MAX_REFUSED_PAUSE_MILLIS = 32;

  private final int index;
  private final int workers;
  private final String owner;
  private final DataSource dataSource;
  private final OwnedPartitions owned;
  private final Claims claims;
  private final BatchPublisher publisher;
  private final Marks marks;
  private final Wakeup wakeup;
  private final RelayCounters counters;
  private final int batchSize;
  private final long pollMillis;
  private final WakeArming arming;
  private final Pace pace;
  private final long busyLingerNanos;
  private long refusedPauseMillis;
  private final java.util.concurrent.CountDownLatch stopped =
      new java.util.concurrent.CountDownLatch(1);
  private volatile boolean running = true;
  private int rotation;
  private long pauseMillis;

  RelayWorker(
      int index,
      int workers,
      String owner,
      DataSource dataSource,
      OwnedPartitions owned,
      Claims claims,
      BatchPublisher publisher,
      Marks marks,
      Wakeup wakeup,
      RelayCounters counters,
      int batchSize,
      long pollMillis,
      WakeArming arming,
      int pollingAbove,
      long busyLingerNanos) {
    this.index = index;
    this.workers = workers;
    this.owner = owner;
    this.dataSource = dataSource;
    this.owned = owned;
    this.claims = claims;
    this.publisher = publisher;
    this.marks = marks;
    this.wakeup = wakeup;
    this.counters = counters;
    this.batchSize = batchSize;
    this.pollMillis = pollMillis;
    this.arming = arming;
    this.pace = new Pace(pollingAbove);
    this.busyLingerNanos = busyLingerNanos;
  }

  void stop() {
    running = false;
    stopped.countDown();
  }

  @Override
  public void run() {
    while (running && !Thread.currentThread().isInterrupted()) {
      long seen = wakeup.generation();
      try {
        int claimed = step();
        if (claimed < batchSize && running) {
          rest(seen, claimed);
        } else if (arming != null) {
          keepBusy(claimed);
        }
        pauseMillis = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        pause("the database failed: " + e.getMessage());
      } catch (BrokerUnavailable e) {
        pause("the broker is unavailable (" + e.getMessage() + ")");
      }
    }
  }

  /** Waits for more work after a claim that came back short (see the class comment). */
  private void rest(long seen, int claimed)
      throws SQLException, InterruptedException, BrokerUnavailable {
    if (arming == null) {
      wakeup.await(seen, pollMillis);
      return;
    }
    if (keepBusy(claimed)) {
      linger();
      return;
    }
    WakeArming.Armed armed = arming.arm(index, owned.servedBy(index, workers));
    if (armed.fresh()) {
      int again = step();
      keepBusy(again);
      if (again > 0) {
        return;
      }
    }
    if (armed.refused().isEmpty()) {
      refusedPauseMillis = 0;
      wakeup.await(seen, pollMillis);
    } else {
      refusedPauseMillis =
          refusedPauseMillis == 0 ? 1 : Math.min(refusedPauseMillis * 2, MAX_REFUSED_PAUSE_MILLIS);
      wakeup.await(seen, Math.min(refusedPauseMillis, pollMillis));
    }
  }

  /**
   * Busy, after a claim that came back short: lets rows gather for {@code busyLinger} before the
   * next claim, so that each claim, send and mark carries more of them (the worker is disarmed, so
   * nothing wakes it early but a stop).
   */
  private void linger() throws InterruptedException {
    if (busyLingerNanos > 0) {
      stopped.await(busyLingerNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Records a claim; when the worker is busy and the claim found rows, more are on their way:
   * disarms, sparing their writers the NOTIFY, and returns true (claim again at once).
   */
  private boolean keepBusy(int claimed) {
    if (pace.claimed(claimed, System.nanoTime()) && claimed > 0) {
      arming.disarm(index);
      return true;
    }
    return false;
  }

  /** One claim-publish-mark round; returns how many rows were claimed. */
  int step() throws SQLException, InterruptedException, BrokerUnavailable {
    List<Integer> mine = rotate(owned.servedBy(index, workers));
    if (mine.isEmpty()) {
      return 0;
    }
    List<Integer> locked = new ArrayList<>(mine.size());
    for (Integer partition : mine) {
      owned.lock(partition);
      locked.add(partition);
    }
    try {
      mine.removeIf(partition -> !owned.holds(partition));
      if (mine.isEmpty()) {
        return 0;
      }
      long[] tokens = owned.tokens(mine); // the batch's fencing tokens, checked by every mark
      List<ClaimedRow> rows;
      try (Connection connection = dataSource.getConnection()) {
        rows = claims.claim(connection, mine, batchSize);
      }
      if (rows.isEmpty()) {
        return 0;
      }
      BatchPublisher.Outcome outcome = publisher.publish(rows);
      record(outcome, rows.size(), tokens);
      if (outcome.unavailable) {
        throw new BrokerUnavailable(outcome.unavailableReason);
      }
      return rows.size();
    } finally {
      for (Integer partition : locked) {
        owned.unlock(partition);
      }
    }
  }

  private void record(BatchPublisher.Outcome outcome, int claimed, long[] tokens)
      throws SQLException {
    int marked;
    try (Connection connection = dataSource.getConnection()) {
      marked = marks.published(connection, owner, tokens, outcome.published);
      marks.failures(connection, owner, tokens, outcome.failed, outcome.dead);
    }
    counters.batches.increment();
    counters.lastBatchSize = claimed;
    counters.published.add(marked);
    counters.failedAttempts.add(outcome.failed.size());
    long dead =
        outcome.dead.size()
            + outcome.failed.stream()
                .filter(f -> f.row().attempts() + 1 >= marks.maxAttempts())
                .count();
    counters.deadLettered.add(dead);
    if (outcome.unavailable) {
      counters.unavailable.increment();
    }
    if (marked < outcome.published.size()) {
      counters.unmarked.add(outcome.published.size() - marked);
      log.warn(
          "relay {}: {} of {} sent events could not be marked because the partition lease moved;"
              + " the new owner will publish them again (duplicates, never a loss)",
          owner,
          outcome.published.size() - marked,
          outcome.published.size());
    }
    if (outcome.orderViolations > 0) {
      log.error(
          "relay {}: the broker accepted {} events after an earlier event of the same aggregate"
              + " failed; check the transport's ordering settings (idempotence, in-flight limit)",
          owner,
          outcome.orderViolations);
    }
    for (BatchPublisher.Failure failure : outcome.dead) {
      log.error(
          "relay {}: event {} ({}, aggregate {}) is dead and freezes its aggregate until retried"
              + " or skipped: {}",
          owner,
          failure.row().isValid() ? failure.row().record().event().eventId() : "?",
          failure.row().isValid() ? failure.row().record().event().eventType() : "?",
          failure.row().aggregateKey().replace('\u0000', ' '),
          failure.error());
    }
  }

  private List<Integer> rotate(List<Integer> partitions) {
    if (partitions.size() > 1) {
      int shift = Math.floorMod(rotation++, partitions.size());
      List<Integer> rotated = new ArrayList<>(partitions.subList(shift, partitions.size()));
      rotated.addAll(partitions.subList(0, shift));
      return rotated;
    }
    return partitions;
  }

  private void pause(String reason) {
    pauseMillis = pauseMillis == 0 ? 100 : Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
    log.warn("relay {} worker {}: {}; retrying in {} ms", owner, index, reason, pauseMillis);
    try {
      stopped.await(pauseMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether this worker is busy: the rows it claimed over the last window of at least 100 ms came
   * at least {@code threshold} per second. A window closes at the first claim after 100 ms, so
   * after a long sleep the next claim closes a window of few rows over a long time: not busy.
   */
  static final class Pace {
    private static final long WINDOW_NANOS = 100_000_000L;
    private final int threshold;
    private long windowStart = Long.MIN_VALUE;
    private long windowRows;
    private boolean busy;

    Pace(int threshold) {
      this.threshold = threshold;
    }

    /** Records one claim; returns whether the worker is busy. */
    boolean claimed(int rows, long nowNanos) {
      if (windowStart == Long.MIN_VALUE) {
        windowStart = nowNanos;
      }
      windowRows += rows;
      long elapsed = nowNanos - windowStart;
      if (elapsed >= WINDOW_NANOS) {
        busy = windowRows > 0 && windowRows * 1_000_000_000L >= (long) threshold * elapsed;
        windowStart = nowNanos;
        windowRows = 0;
      }
      return busy;
    }
  }

  /** The broker did not take a batch; nothing was charged to the events. */
  static final class BrokerUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    BrokerUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}

package io.eventline.outbox;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * Publishes committed outbox rows to a broker: at least once, in per-aggregate order, nothing lost.
 *
 * <p><b>How.</b> The outbox is split into 32 partitions by a hash of the aggregate id, computed in
 * the database. Each relay instance leases partitions from {@code eventline_outbox_lease} on
 * database time, with an expiry and a fencing token; one partition has one owner at a time, and a
 * dead instance's partitions move to the others once its lease expires. For each owned partition a
 * worker claims unpublished rows in position order, sends them asynchronously, waits for every
 * acknowledgement, then marks the batch published (or deletes it) in one statement that also checks
 * the lease is still held. Rows are claimed by state, never by "position greater than the last
 * seen", so a transaction that commits late is still published.
 *
 * <p><b>Order.</b> A row is never sent while an earlier row of the same aggregate is unpublished: a
 * failing row holds back its own aggregate only (one event at a time while it retries), a dead row
 * freezes it until an operator retries or skips it ({@link OutboxAdmin}).
 *
 * <p><b>Failures.</b> A broker that is down costs no attempts: the relay backs off and resends. An
 * event that fails is retried with {@link Backoff} and goes dead after {@code maxAttempts}; an
 * event the transport rejects outright (too large, invalid topic) goes dead at once.
 *
 * <p><b>Hazards.</b> A crash between the broker's acknowledgement and the mark re-sends the batch:
 * consumers must deduplicate on the event id (the inbox does). An instance paused longer than its
 * lease (GC, a frozen VM) can send one more batch after another instance took its partitions; that
 * batch is a duplicate, and its marking is refused. See docs/outbox.md.
 *
 * <p>Give the relay a pooled {@link DataSource}: it uses one connection per worker step, one for
 * the lease keeper, and on PostgreSQL one held for {@code LISTEN}.
 */
public interface OutboxRelay extends AutoCloseable {

  static Builder builder(DataSource dataSource, OutboxTransport transport) {
    return new Builder(dataSource, transport);
  }

  /**
   * Starts the lease keeper and the workers; returns at once.
   *
   * @throws io.eventline.jdbc.SchemaException when the outbox tables are missing or out of date
   */
  OutboxRelay start();

  /**
   * Stops gracefully: no new batches, waits up to the shutdown timeout for batches in flight to be
   * acknowledged and marked, releases the leases, closes the transport. Rows of an abandoned batch
   * stay unpublished and are sent again by the next owner.
   */
  @Override
  void close();

  /** Counters and the latest backlog probe; cheap, never queries the database. */
  RelayStatus status();

  /** This instance's id, unique per process run. */
  String instanceId();

  /** Settings for {@link OutboxRelay}, validated by {@link #build()}. */
  final class Builder {
    final DataSource dataSource;
    final OutboxTransport transport;
    String instanceId;
    int workers = 4;
    int batchSize = 500;
    int maxAttempts = 10;
    Backoff backoff = Backoff.defaults();
    Retention retention = Retention.keep(Duration.ofDays(7));
    Duration leaseTtl = Duration.ofSeconds(10);
    Duration pollInterval;
    int pollingAbove = DEFAULT_POLLING_ABOVE;
    Duration busyLinger = DEFAULT_BUSY_LINGER;
    Duration sendTimeout = Duration.ofSeconds(60);
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration probeInterval = Duration.ofSeconds(5);
    Duration retentionInterval = Duration.ofMinutes(1);
    RandomGenerator random = new java.util.SplittableRandom();

    Builder(DataSource dataSource, OutboxTransport transport) {
      this.dataSource =
          Objects.requireNonNull(dataSource, "OutboxRelay.dataSource may not be null");
      this.transport = Objects.requireNonNull(transport, "OutboxRelay.transport may not be null");
    }

    /** A name for this instance in leases and logs; default host, pid and a random suffix. */
    public Builder instanceId(String value) {
      if (value == null || value.isBlank() || value.length() > 200) {
        throw new IllegalArgumentException(
            "OutboxRelay.instanceId must be 1 to 200 characters but was '" + value + "'");
      }
      this.instanceId = value;
      return this;
    }

    /** Threads claiming and sending concurrently, each for its own partitions; default 4. */
    public Builder workers(int value) {
      this.workers = range("workers", value, 1, OutboxSql.PARTITIONS);
      return this;
    }

    /** Rows claimed per batch; default 500. */
    public Builder batchSize(int value) {
      this.batchSize = range("batchSize", value, 1, 10_000);
      return this;
    }

    /** Failed attempts after which an event is dead; default 10. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = range("maxAttempts", value, 1, 1_000);
      return this;
    }

    public Builder backoff(Backoff value) {
      this.backoff = Objects.requireNonNull(value, "OutboxRelay.backoff may not be null");
      return this;
    }

    /** Default: keep published rows 7 days. */
    public Builder retention(Retention value) {
      this.retention = Objects.requireNonNull(value, "OutboxRelay.retention may not be null");
      return this;
    }

    /**
     * How long a partition lease lasts without renewal; renewed every third of it. Default 10 s.
     */
    public Builder leaseTtl(Duration value) {
      this.leaseTtl = duration("leaseTtl", value, Duration.ofMillis(300), Duration.ofMinutes(10));
      return this;
    }

    /**
     * The fallback poll when no notification arrives. Default 1 s on PostgreSQL (which wakes the
     * relay by NOTIFY), 100 ms elsewhere.
     */
    public Builder pollInterval(Duration value) {
      this.pollInterval =
          duration("pollInterval", value, Duration.ofMillis(1), Duration.ofMinutes(5));
      return this;
    }

    /** The default of {@link #pollingAbove(int)}: 200 events per second per worker. */
    public static final int DEFAULT_POLLING_ABOVE = 200;

    /**
     * PostgreSQL only: the rate, in events per second per worker, above which a worker stops its
     * writers' notifications while it works. Default {@value #DEFAULT_POLLING_ABOVE}.
     *
     * <p>PostgreSQL commits the transactions that issued NOTIFY one at a time, cluster-wide, with
     * the WAL flush inside that lock, so under a steady stream of writes the notifications slow
     * every writer down (a business transaction plus its outbox row took 2.0 to 2.6 times as long
     * as the transaction alone with 4 writers here, 1.6 to 1.7 times without NOTIFY). Below this
     * rate a worker stays armed: every writer of its partitions notifies, and it sleeps between
     * claims until notified (lowest latency, no polling when idle). Above it, after each claim that
     * found rows the worker disarms and claims again (at once after a full batch, after {@link
     * #busyLinger(Duration)} after a short one), so its writers commit without NOTIFY; only a claim
     * that finds nothing makes it arm, claim once more and sleep. No setting can lose a row or
     * leave one waiting for the poll interval: a worker arms its partitions before it sleeps, and a
     * writer that did not notify keeps the worker polling until it has committed or rolled back.
     * {@code Integer.MAX_VALUE} keeps every writer notifying (as before schema version 2).
     */
    public Builder pollingAbove(int eventsPerSecondPerWorker) {
      this.pollingAbove = range("pollingAbove", eventsPerSecondPerWorker, 0, Integer.MAX_VALUE);
      return this;
    }

    /** The default of {@link #busyLinger(Duration)}: 5 ms. */
    public static final Duration DEFAULT_BUSY_LINGER = Duration.ofMillis(5);

    /**
     * PostgreSQL only: how long a busy worker (see {@link #pollingAbove(int)}) whose claim came
     * back short waits before it claims again, so that rows gather into larger batches. Default 5
     * ms; {@link Duration#ZERO} claims again at once.
     *
     * <p>Every claim, send and mark has a cost of its own (two statements, a commit, a broker
     * request) whatever the batch size. A busy worker that claims again at once takes a handful of
     * rows each time, and at high rates those fixed costs take the CPU that writers and the broker
     * need; waiting a little adds at most this long to an event's latency and takes several times
     * fewer rounds. A full batch is always followed by the next claim at once, and a worker that is
     * not busy sleeps until notified, so neither backlogs nor quiet periods wait for it. Measured
     * at 2,000 events/s on 2 cores (docs/benchmarks.md, outbox Run J): p99 from commit to broker
     * acknowledgement 16-68 ms (median 26.5 ms over 8 runs) with 5 ms, 29-111 ms with 2 ms, 38-752
     * ms with none.
     */
    public Builder busyLinger(Duration value) {
      this.busyLinger = duration("busyLinger", value, Duration.ZERO, Duration.ofSeconds(1));
      return this;
    }

    /** How long to wait for a batch's acknowledgements before treating the broker as down. */
    public Builder sendTimeout(Duration value) {
      this.sendTimeout =
          duration("sendTimeout", value, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /** How long {@link OutboxRelay#close()} waits for batches in flight; default 30 s. */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = duration("shutdownTimeout", value, Duration.ZERO, Duration.ofHours(1));
      return this;
    }

    /** How often the backlog (pending, dead, oldest age) is measured; default 5 s. */
    public Builder probeInterval(Duration value) {
      this.probeInterval =
          duration("probeInterval", value, Duration.ofMillis(100), Duration.ofHours(1));
      return this;
    }

    /** How often old published rows are purged; default 1 min. */
    public Builder retentionInterval(Duration value) {
      this.retentionInterval =
          duration("retentionInterval", value, Duration.ofMillis(100), Duration.ofDays(1));
      return this;
    }

    /** The source of backoff jitter. */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "OutboxRelay.random may not be null");
      return this;
    }

    public OutboxRelay build() {
      if (instanceId == null) {
        instanceId = defaultInstanceId();
      }
      return new DefaultOutboxRelay(this);
    }

    private static String defaultInstanceId() {
      String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
      return runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static int range(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "OutboxRelay." + setting + " must be in [" + min + ", " + max + "] but was " + value);
      }
      return value;
    }

    private static Duration duration(String setting, Duration value, Duration min, Duration max) {
      if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "OutboxRelay." + setting + " must be in [" + min + ", " + max + "] but was " + value);
      }
      return value;
    }
  }
}

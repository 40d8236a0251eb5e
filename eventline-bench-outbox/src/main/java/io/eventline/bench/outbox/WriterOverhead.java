package io.eventline.bench.outbox;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.bench.workload.Business;
import io.eventline.bench.workload.Payloads;
import io.eventline.bench.workload.RunnerProtocol;
import io.eventline.bench.workload.Workload;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer's cost of the outbox: {@code writers} threads commit business transactions as fast as
 * they can, rotating phases of {@code phase} seconds: without an outbox append; with one while no
 * relay worker sleeps on the partitions (what writers pay while the relay is busy: the trigger
 * takes an advisory lock shared and does not notify); and with one while a worker sleeps on every
 * partition (every commit notifies, as every commit did before schema version 2; simulated by
 * holding the partitions' advisory locks as an armed relay does). The first round warms up, three
 * more are counted. No relay runs.
 */
final class WriterOverhead {
  private WriterOverhead() {}

  static void run(Workload workload) throws Exception {
    int threads = workload.writers();
    int phaseSeconds = workload.getInt("phase", 5);
    Outbox outbox = Outbox.builder().dialect(Dialect.postgresql()).build();
    EventFactory events = EventFactory.create();
    try (HikariDataSource pool =
        EventlineSystem.pool(workload.jdbcUrl(), "overhead", threads + 1)) {
      SchemaMigrator.create(pool).migrate();
      AtomicLong seq = new AtomicLong();
      long[][] sums = new long[3][2]; // alone, with outbox (no NOTIFY), with outbox and NOTIFY
      for (int round = 0; round < 4; round++) {
        for (int variant = 0; variant < 3; variant++) {
          boolean withOutbox = variant > 0;
          Connection armed = variant == 2 ? armEveryPartition(pool) : null;
          long count =
              phase(
                  threads,
                  phaseSeconds,
                  () -> {
                    long k = seq.getAndIncrement();
                    String aggregateId = Payloads.aggregateId(k, workload.aggregates());
                    try (Connection connection = pool.getConnection()) {
                      connection.setAutoCommit(false);
                      Business.insertOrder(connection, k, aggregateId);
                      if (withOutbox) {
                        byte[] payload =
                            Payloads.json(k, Payloads.nowMicros(), aggregateId)
                                .getBytes(StandardCharsets.UTF_8);
                        outbox.append(
                            connection,
                            workload.topic(),
                            events.event(
                                Payloads.EVENT_TYPE,
                                Payloads.AGGREGATE_TYPE,
                                aggregateId,
                                payload));
                      }
                      connection.commit();
                    }
                  });
          if (armed != null) {
            disarm(armed);
          }
          if (round > 0) { // round 0 warms up
            sums[variant][0] += count;
            sums[variant][1] += phaseSeconds;
          }
        }
      }
      double aloneRate = (double) sums[0][0] / sums[0][1];
      double withRate = (double) sums[1][0] / sums[1][1];
      double quietRate = (double) sums[2][0] / sums[2][1];
      RunnerProtocol.report(
          "overhead",
          threads,
          Math.round(aloneRate),
          Math.round(withRate),
          String.format(java.util.Locale.ROOT, "%.3f", aloneRate / withRate),
          Math.round(quietRate),
          String.format(java.util.Locale.ROOT, "%.3f", aloneRate / quietRate));
    }
  }

  /** Holds every partition's wake-up lock, as relay workers asleep on them do. */
  private static Connection armEveryPartition(HikariDataSource pool) throws SQLException {
    Connection connection = pool.getConnection();
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "SELECT pg_advisory_lock(hashtext('eventline_outbox:' || current_schema()), p)"
              + " FROM generate_series(0, 31) AS p");
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
    return connection;
  }

  private static void disarm(Connection connection) throws SQLException {
    try (connection;
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_unlock_all()");
    }
  }

  @FunctionalInterface
  interface Transaction {
    void run() throws Exception;
  }

  private static long phase(int threads, int seconds, Transaction transaction)
      throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong done = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    transaction.run();
                    done.incrementAndGet();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      workers.add(worker);
      worker.start();
    }
    Thread.sleep(seconds * 1_000L);
    running.set(false);
    long count = done.get();
    for (Thread worker : workers) {
      worker.join();
    }
    return count;
  }
}

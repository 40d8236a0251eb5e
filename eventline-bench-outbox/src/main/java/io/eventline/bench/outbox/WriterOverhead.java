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
 * they can, rotating phases of {@code phase} seconds: without an outbox append, with one (on
 * PostgreSQL that includes the NOTIFY at commit), and with one but the NOTIFY trigger disabled; the
 * first round warms up, three more are counted. No relay runs.
 */
final class WriterOverhead {
  private WriterOverhead() {}

  static void run(Workload workload) throws Exception {
    int threads = workload.writers();
    int phaseSeconds = workload.getInt("phase", 5);
    Outbox outbox = Outbox.builder().dialect(Dialect.postgresql()).build();
    EventFactory events = EventFactory.create();
    try (HikariDataSource pool = EventlineSystem.pool(workload.jdbcUrl(), "overhead", threads)) {
      SchemaMigrator.create(pool).migrate();
      AtomicLong seq = new AtomicLong();
      long[][] sums = new long[3][2]; // alone, with outbox, with outbox but no NOTIFY
      for (int round = 0; round < 4; round++) {
        for (int variant = 0; variant < 3; variant++) {
          boolean withOutbox = variant > 0;
          notify(pool, variant != 2);
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
          if (round > 0) { // round 0 warms up
            sums[variant][0] += count;
            sums[variant][1] += phaseSeconds;
          }
        }
      }
      notify(pool, true);
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

  /** Enables or disables the outbox's NOTIFY trigger, to tell its cost from the insert's. */
  private static void notify(HikariDataSource pool, boolean enabled) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE eventline_outbox "
              + (enabled ? "ENABLE" : "DISABLE")
              + " TRIGGER eventline_outbox_notify");
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
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

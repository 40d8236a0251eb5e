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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer's cost of the outbox: {@code writers} threads commit business transactions as fast as
 * they can, alternating phases of {@code phase} seconds without and with an outbox append (on
 * PostgreSQL that includes the NOTIFY at commit), four phases of each. No relay runs.
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
      long[] alone = new long[2];
      long[] with = new long[2];
      for (int round = 0; round < 5; round++) {
        for (boolean withOutbox : new boolean[] {false, true}) {
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
            long[] sums = withOutbox ? with : alone;
            sums[0] += count;
            sums[1] += phaseSeconds;
          }
        }
      }
      double aloneRate = (double) alone[0] / alone[1];
      double withRate = (double) with[0] / with[1];
      RunnerProtocol.report(
          "overhead",
          threads,
          Math.round(aloneRate),
          Math.round(withRate),
          String.format(java.util.Locale.ROOT, "%.3f", aloneRate / withRate));
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

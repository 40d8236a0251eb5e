package io.eventline.bench.transports;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Outbox;
import io.eventline.outbox.OutboxRelay;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Relay throughput per transport: the same outbox backlog (default 20,000 events over 1,000
 * aggregates, written before the relay starts) in a fresh PostgreSQL schema per run, one relay (4
 * workers, batches of 500), timed from the relay's start until no row is unpublished. Prints one
 * line per run and the median per transport.
 *
 * <pre>
 * java -cp "$(cat eventline-bench-transports/target/classpath.txt):eventline-bench-transports/target/classes" \
 *   io.eventline.bench.transports.TransportBenchmark kafka,rabbitmq,nats,sqs 20000 1000 3
 * </pre>
 */
public final class TransportBenchmark {
  private static final String JDBC =
      System.getProperty("jdbc", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("user", "postgres");

  private TransportBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> transports =
        List.of((args.length > 0 ? args[0] : "kafka,rabbitmq,nats,sqs").split(","));
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int aggregates = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.printf(
        "backlog %,d events over %,d aggregates, %d runs per transport, relay 4 workers x 500%n",
        events, aggregates, runs);
    for (String name : transports) {
      List<Double> rates = new ArrayList<>();
      try (Destination destination = Destinations.of(name)) {
        double warmUp = run(destination, Math.min(events, 5_000), aggregates);
        System.out.printf(
            Locale.ROOT, "%-9s warm-up: %,10.0f events/s (not counted)%n", name, warmUp);
        for (int run = 1; run <= runs; run++) {
          double rate = run(destination, events, aggregates);
          rates.add(rate);
          System.out.printf(Locale.ROOT, "%-9s run %d: %,10.0f events/s%n", name, run, rate);
        }
      }
      Collections.sort(rates);
      System.out.printf(
          Locale.ROOT,
          "%-9s median %,10.0f events/s (min %,.0f, max %,.0f)%n",
          name,
          rates.get(rates.size() / 2),
          rates.get(0),
          rates.get(rates.size() - 1));
    }
    System.exit(0);
  }

  static double run(Destination destination, int events, int aggregates) throws Exception {
    String schema = "bench_transport_" + destination.name() + "_" + System.nanoTime();
    try (Connection admin = DriverManager.getConnection(JDBC, USER, "")) {
      admin.createStatement().execute("CREATE SCHEMA " + schema);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(JDBC + "?currentSchema=" + schema);
    config.setUsername(USER);
    config.setMaximumPoolSize(12);
    String topic = destination.createTopic("bench");
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      SchemaMigrator.create(dataSource).migrate();
      write(dataSource, topic, events, aggregates);
      long start = System.nanoTime();
      try (OutboxRelay relay =
          OutboxRelay.builder(dataSource, destination.transport())
              .workers(4)
              .batchSize(500)
              .pollInterval(Duration.ofMillis(20))
              .build()
              .start()) {
        while (unpublished(dataSource) > 0) {
          Thread.sleep(20);
          if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
            throw new IllegalStateException(destination.name() + ": not drained in 10 minutes");
          }
        }
        long elapsed = System.nanoTime() - start;
        if (relay.status().deadLettered() > 0) {
          throw new IllegalStateException(destination.name() + ": dead events in the run");
        }
        return events * 1e9 / elapsed;
      }
    } finally {
      destination.deleteTopic(topic);
      try (Connection admin = DriverManager.getConnection(JDBC, USER, "")) {
        admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void write(HikariDataSource dataSource, String topic, int events, int aggregates) {
    EventFactory factory = EventFactory.create();
    Outbox outbox = Outbox.create();
    JdbcTransactions transactions = JdbcTransactions.of(dataSource);
    int perAggregate = Math.max(1, events / aggregates);
    List<EventEnvelope<?>> batch = new ArrayList<>();
    int written = 0;
    for (int seq = 1; seq <= perAggregate && written < events; seq++) {
      for (int a = 0; a < aggregates && written < events; a++, written++) {
        batch.add(
            factory.event(
                "order.placed",
                topic,
                "agg-" + a,
                (long) seq,
                Map.of("seq", seq, "total", 42),
                Map.of()));
        if (batch.size() == 1_000) {
          List<EventEnvelope<?>> chunk = List.copyOf(batch);
          transactions.run(
              connection -> {
                outbox.append(connection, chunk);
                return null;
              });
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      transactions.run(
          connection -> {
            outbox.append(connection, batch);
            return null;
          });
    }
  }

  private static long unpublished(HikariDataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL")) {
      row.next();
      return row.getLong(1);
    }
  }
}

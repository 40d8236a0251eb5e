package io.eventline.bench.inbox;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.inbox.Inbox;
import io.eventline.jdbc.SchemaMigrator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Consumer throughput with the inbox against the same consumer without it, on PostgreSQL, in one
 * run: one transaction per event, and batches of N events per transaction. Every measurement starts
 * on empty tables in a schema of its own, which is dropped at the end. The two variants alternate
 * within each round (plain first in odd rounds, inbox first in even ones), and each cell reports
 * the median of the rounds.
 *
 * <pre>
 * java -jar eventline-bench-inbox/target/inbox-benchmark.jar [--jdbc-url URL] [--user U]
 *     [--threads 1,4] [--batches 1,10,100] [--seconds 8] [--warmup 2] [--rounds 3]
 * </pre>
 */
public final class InboxBenchmark {
  private InboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    String schema = "inbox_bench_" + Clock.systemUTC().millis() / 1000;
    execute(options, "CREATE SCHEMA " + schema);
    Thread dropOnExit = new Thread(() -> drop(options, schema), "drop-bench-schema");
    Runtime.getRuntime().addShutdownHook(dropOnExit);
    try {
      run(options, schema);
    } finally {
      Runtime.getRuntime().removeShutdownHook(dropOnExit);
      drop(options, schema);
    }
  }

  private static void run(Options options, String schema) throws Exception {
    int poolSize = options.threads().stream().mapToInt(Integer::intValue).max().orElse(1);
    try (HikariDataSource pool = new HikariDataSource()) {
      String separator = options.jdbcUrl().contains("?") ? "&" : "?";
      pool.setJdbcUrl(options.jdbcUrl() + separator + "currentSchema=" + schema);
      pool.setUsername(options.user());
      pool.setPassword(options.password());
      pool.setMaximumPoolSize(poolSize);
      SchemaMigrator.create(pool).migrate();
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE bench_effect (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                + " event_id UUID NOT NULL, account TEXT NOT NULL, amount BIGINT NOT NULL)");
      }
      Inbox inbox = Inbox.builder(pool).maxBatchSize(1_000).build();
      List<Variant> variants = List.of(Variant.plain(pool), Variant.inbox(inbox));
      System.out.printf(
          Locale.ROOT,
          "# inbox benchmark, %s, JDK %s, %d cores, %s%n",
          Instant.now(),
          Runtime.version(),
          Runtime.getRuntime().availableProcessors(),
          serverVersion(pool));
      System.out.printf(
          Locale.ROOT,
          "# per cell and round: %d s warm-up + %d s measured per variant, in alternating 1 s"
              + " slices on the same threads; %d rounds; medians%n%n",
          options.warmup(),
          options.seconds(),
          options.rounds());
      System.out.println(
          "| threads | events per transaction | plain events/s | inbox events/s | inbox / plain |"
              + " plain, per round | inbox, per round | ratio, per round |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      for (int threads : options.threads()) {
        for (int batch : options.batches()) {
          double[][] results = new double[2][options.rounds()];
          double[] ratios = new double[options.rounds()];
          for (int round = 0; round < options.rounds(); round++) {
            truncate(pool);
            double[] rates =
                Measurement.eventsPerSecond(
                    variants, threads, batch, options.warmup(), options.seconds(), round % 2);
            results[0][round] = rates[0];
            results[1][round] = rates[1];
            ratios[round] = rates[1] / rates[0];
          }
          double plain = median(results[0]);
          double withInbox = median(results[1]);
          System.out.printf(
              Locale.ROOT,
              "| %d | %d | %,.0f | %,.0f | %.2f | %s | %s | %s |%n",
              threads,
              batch,
              plain,
              withInbox,
              withInbox / plain,
              rounds(results[0], "%,.0f"),
              rounds(results[1], "%,.0f"),
              rounds(ratios, "%.2f"));
        }
      }
    }
  }

  private static void truncate(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE bench_effect, eventline_inbox");
    }
  }

  private static String serverVersion(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW server_version")) {
      row.next();
      return "PostgreSQL " + row.getString(1);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String rounds(double[] values, String format) {
    List<String> text = new ArrayList<>();
    for (double value : values) {
      text.add(String.format(Locale.ROOT, format, value));
    }
    return String.join(" / ", text);
  }

  private static void drop(Options options, String schema) {
    try {
      execute(options, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      System.err.println("could not drop the benchmark schema " + schema + ": " + e.getMessage());
    }
  }

  private static void execute(Options options, String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}

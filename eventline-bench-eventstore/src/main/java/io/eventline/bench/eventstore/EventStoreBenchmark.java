package io.eventline.bench.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the event-store benchmark: Eventline, Axon's JdbcEventStorageEngine and raw JDBC side by
 * side, in a fresh database on one PostgreSQL server, rotating the order each run, and prints a
 * Markdown table of medians and ratios.
 *
 * <pre>
 * java -cp ... io.eventline.bench.eventstore.EventStoreBenchmark \
 *     [--url jdbc:postgresql://127.0.0.1:5432/] [--user postgres] [--password ""] \
 *     [--seconds 5] [--runs 3] [--notify true] [--only "single-event"] [--lean true]
 * </pre>
 *
 * With {@code --lean true} (the default) a fourth contender runs Eventline in a schema of its own
 * without the category and event-type feed indexes, to show what those two indexes cost on writes.
 * It is an experiment, not a supported configuration: category and type reads then scan the feed.
 *
 * <pre>
 * </pre>
 */
public final class EventStoreBenchmark {
  static final String NOTE = "x".repeat(160);

  private EventStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String url = options.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/");
    String user = options.getOrDefault("user", "postgres");
    String password = options.getOrDefault("password", "");
    double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    String database = "el_bench_" + Clock.systemUTC().millis() / 1000;
    admin(url, user, password, "CREATE DATABASE " + database);
    boolean lean = Boolean.parseBoolean(options.getOrDefault("lean", "true"));
    try (HikariDataSource pool = pool(url + database, user, password, null);
        HikariDataSource leanPool = lean ? pool(url + database, user, password, "lean") : null) {
      boolean notify = Boolean.parseBoolean(options.getOrDefault("notify", "true"));
      new Session(pool, leanPool, seconds, runs, notify, options.getOrDefault("only", "")).run();
    } finally {
      admin(url, user, password, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs but got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static void admin(String url, String user, String password, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url + "postgres", user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static HikariDataSource pool(String url, String user, String password, String schema) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setPassword(password);
    pool.setMaximumPoolSize(20);
    pool.setMinimumIdle(schema == null ? 20 : 0);
    pool.setPoolName(schema == null ? "bench" : "bench-" + schema);
    if (schema != null) {
      pool.setConnectionInitSql("CREATE SCHEMA IF NOT EXISTS " + schema);
      pool.setSchema(schema);
    }
    return pool;
  }

  static List<Contender.Moved> payloads(int n) {
    List<Contender.Moved> payloads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      payloads.add(new Contender.Moved(i, NOTE));
    }
    return payloads;
  }
}

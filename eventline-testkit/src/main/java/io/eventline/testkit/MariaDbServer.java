package io.eventline.testkit;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The MariaDB server at {@code 127.0.0.1:3306} (root, empty password), when it answers. Override
 * with {@code EVENTLINE_MARIADB_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}. There is no
 * embedded fallback: without a server, MariaDB tests are skipped with the reason.
 */
public final class MariaDbServer {
  private static volatile MariaDbServer shared;
  private static volatile String unavailable;

  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private MariaDbServer(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  public static Optional<MariaDbServer> shared() {
    if (shared == null && unavailable == null) {
      synchronized (MariaDbServer.class) {
        if (shared == null && unavailable == null) {
          MariaDbServer server =
              new MariaDbServer(
                  env("EVENTLINE_MARIADB_HOST", "127.0.0.1"),
                  Integer.parseInt(env("EVENTLINE_MARIADB_PORT", "3306")),
                  env("EVENTLINE_MARIADB_USER", "root"),
                  env("EVENTLINE_MARIADB_PASSWORD", ""));
          try (Connection connection = server.connect("")) {
            connection.isValid(3);
            shared = server;
          } catch (SQLException e) {
            unavailable =
                "no MariaDB answered at "
                    + server.host
                    + ":"
                    + server.port
                    + " ("
                    + e.getMessage()
                    + ")";
          }
        }
      }
    }
    return Optional.ofNullable(shared);
  }

  public static String unavailableReason() {
    return unavailable;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  String jdbcUrl(String database) {
    return "jdbc:mariadb://" + host + ":" + port + "/" + database;
  }

  Connection connect(String database) throws SQLException {
    DriverManager.setLoginTimeout(3);
    return DriverManager.getConnection(jdbcUrl(database), user, password);
  }

  /** A fresh database, dropped when closed. */
  public TestDatabase createDatabase(String hint) {
    String name = Names.fresh(hint);
    run("CREATE DATABASE " + name);
    return new TestDatabase(
        name,
        jdbcUrl(name),
        user,
        password,
        Dialect.mariadb(),
        () -> run("DROP DATABASE IF EXISTS " + name));
  }

  private void run(String sql) {
    try (Connection connection = connect("");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed: " + e.getMessage(), e);
    }
  }
}

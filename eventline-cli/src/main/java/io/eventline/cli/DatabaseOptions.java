package io.eventline.cli;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.eventline.core.Redaction;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** {@code --jdbc-url} and credentials, shared by every command that needs the database. */
final class DatabaseOptions {
  @Option(
      names = "--jdbc-url",
      required = true,
      paramLabel = "URL",
      description = "JDBC URL of the service's database, e.g. jdbc:postgresql://host:5432/orders")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      defaultValue = "${env:EVENTLINE_DB_USER}",
      description = "Database user (default: $EVENTLINE_DB_USER, or the URL's user parameter)")
  String user;

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:EVENTLINE_DB_PASSWORD}",
      description = "Database password (prefer $EVENTLINE_DB_PASSWORD: arguments show in ps)")
  String password;

  /** The URL with any password masked, for messages. */
  String safeUrl() {
    return Redaction.redact(jdbcUrl);
  }

  /** A small pool on the database, checked by one connection; fails with a one-line reason. */
  HikariDataSource open(String purpose, int poolSize) {
    requireDatabaseName();
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(jdbcUrl);
    if (user != null && !user.isBlank()) {
      pool.setUsername(user);
    }
    if (password != null && !password.isBlank()) {
      pool.setPassword(password);
    }
    pool.setPoolName("eventline-" + purpose);
    pool.setMaximumPoolSize(poolSize);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(10_000);
    pool.setInitializationFailTimeout(-1);
    try (Connection connection = pool.getConnection()) {
      connection.isValid(5);
      return pool;
    } catch (SQLException | HikariPool.PoolInitializationException e) {
      pool.close();
      throw new CliException(
          "cannot connect to "
              + safeUrl()
              + ": "
              + Redaction.redact(rootMessage(e))
              + ". Check --jdbc-url, the credentials and that the database is running");
    }
  }

  private void requireDatabaseName() {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new CliException("--jdbc-url must start with 'jdbc:' but was '" + safeUrl() + "'");
    }
    String rest = jdbcUrl.substring("jdbc:".length());
    if (rest.startsWith("h2:")) {
      return;
    }
    try {
      URI uri = URI.create(rest.replaceFirst(";.*$", ""));
      String path = uri.getPath();
      if (uri.getHost() == null || path == null || path.isBlank() || "/".equals(path)) {
        throw new CliException(
            "--jdbc-url "
                + safeUrl()
                + " names no database; add one, e.g. jdbc:postgresql://localhost:5432/orders");
      }
    } catch (IllegalArgumentException e) {
      throw new CliException("--jdbc-url " + safeUrl() + " is not a valid URL: " + e.getMessage());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable cursor = e;
    while (cursor.getCause() != null && cursor.getCause() != cursor) {
      cursor = cursor.getCause();
    }
    String message = cursor.getMessage();
    return message == null ? cursor.getClass().getSimpleName() : message.split("\n")[0];
  }
}

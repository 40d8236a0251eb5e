package io.eventline.testkit;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh database or schema on a real server, with a pooled {@link DataSource} on it. Closing it
 * closes the pool and drops the database or schema.
 */
public final class TestDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);

  private final String name;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Dialect dialect;
  private final HikariDataSource dataSource;
  private final Dropper dropper;

  @FunctionalInterface
  interface Dropper {
    void drop() throws SQLException;
  }

  TestDatabase(
      String name, String jdbcUrl, String user, String password, Dialect dialect, Dropper dropper) {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.dialect = dialect;
    this.dropper = dropper;
    this.dataSource = pool(jdbcUrl, user, password, "eventline-test-" + name, 16);
  }

  static HikariDataSource pool(String url, String user, String password, String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setPassword(password);
    pool.setPoolName(name);
    pool.setMaximumPoolSize(size);
    pool.setMinimumIdle(0);
    pool.setConnectionTimeout(10_000);
    pool.setInitializationFailTimeout(-1);
    return pool;
  }

  /** The schema or database name, unique to this fixture. */
  public String name() {
    return name;
  }

  /** A JDBC URL that connects into this database or schema. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** A pool of up to 16 connections, all pointing at this database or schema. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** A second, separate pool on the same database, for code that must not share connections. */
  public HikariDataSource newPool(String poolName, int size) {
    return pool(jdbcUrl, user, password, poolName, size);
  }

  /** Runs one statement on a pooled connection, for test setup. */
  public void execute(String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("'" + sql + "' failed on " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    try {
      dropper.drop();
    } catch (SQLException e) {
      log.warn("could not drop test database {}: {}", name, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return name + " (" + jdbcUrl + ")";
  }
}

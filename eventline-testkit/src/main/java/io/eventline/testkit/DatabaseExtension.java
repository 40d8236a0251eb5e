package io.eventline.testkit;

import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that gives a test class its own database or schema on a real server and drops
 * it after the class. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
 * }</pre>
 *
 * When the server cannot be reached the class's tests are reported as skipped with the reason,
 * never as passed.
 */
public final class DatabaseExtension implements BeforeAllCallback, AfterAllCallback {
  private final String backend;
  private final Function<String, TestDatabase> factory;
  private final java.util.function.Supplier<String> unavailableReason;
  private TestDatabase database;

  private DatabaseExtension(
      String backend,
      Function<String, TestDatabase> factory,
      java.util.function.Supplier<String> unavailableReason) {
    this.backend = backend;
    this.factory = factory;
    this.unavailableReason = unavailableReason;
  }

  /** A fresh schema in PostgreSQL's {@code test} database per test class. */
  public static DatabaseExtension postgresSchema() {
    return new DatabaseExtension(
        "PostgreSQL",
        hint -> PostgresServer.shared().map(s -> s.createSchema(hint)).orElse(null),
        PostgresServer::unavailableReason);
  }

  /** A fresh PostgreSQL database per test class. */
  public static DatabaseExtension postgresDatabase() {
    return new DatabaseExtension(
        "PostgreSQL",
        hint -> PostgresServer.shared().map(s -> s.createDatabase(hint)).orElse(null),
        PostgresServer::unavailableReason);
  }

  /** A fresh MariaDB database per test class. */
  public static DatabaseExtension mariadb() {
    return new DatabaseExtension(
        "MariaDB",
        hint -> MariaDbServer.shared().map(s -> s.createDatabase(hint)).orElse(null),
        MariaDbServer::unavailableReason);
  }

  /** A fresh in-memory H2 database per test class. */
  public static DatabaseExtension h2() {
    return new DatabaseExtension("H2", H2Databases::create, () -> "H2 is always available");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    database = factory.apply(context.getRequiredTestClass().getSimpleName());
    Assumptions.assumeTrue(
        database != null, () -> backend + " is not available: " + unavailableReason.get());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("the database exists only between beforeAll and afterAll");
    }
    return database;
  }

  public DataSource dataSource() {
    return database().dataSource();
  }

  public String jdbcUrl() {
    return database().jdbcUrl();
  }
}

package io.eventline.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades Eventline's tables, and checks that a database fits the code.
 *
 * <p>Versions are kept per component in {@code eventline_schema_version}. {@link #migrate()} takes
 * a database-wide lock (an advisory lock on PostgreSQL, {@code GET_LOCK} on MariaDB), so relays
 * starting together migrate once; it is idempotent, and it refuses a database whose schema is newer
 * than the code instead of touching it. On PostgreSQL and H2 each version applies in one
 * transaction; MariaDB commits DDL implicitly, so a failure there can leave a version half applied
 * (the statements use {@code IF NOT EXISTS} so a rerun completes it).
 *
 * <p>Teams that run Flyway or Liquibase can switch migration off and take the DDL from {@link
 * #script(Dialect)}.
 */
public final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final long PG_LOCK_KEY = 0x6576656e746c696eL; // "eventlin"
  private static final String VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS eventline_schema_version ("
          + " component VARCHAR(64) NOT NULL,"
          + " version INT NOT NULL,"
          + " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,"
          + " PRIMARY KEY (component, version))";

  private final DataSource dataSource;
  private final List<SchemaComponent> components;

  private SchemaMigrator(DataSource dataSource, List<SchemaComponent> components) {
    this.dataSource =
        Objects.requireNonNull(dataSource, "SchemaMigrator.dataSource may not be null");
    this.components = List.copyOf(components);
  }

  /** A migrator for every {@link SchemaComponent} found on the class path. */
  public static SchemaMigrator create(DataSource dataSource) {
    return new SchemaMigrator(dataSource, discover());
  }

  /** A migrator for the given components only. */
  public static SchemaMigrator create(DataSource dataSource, List<SchemaComponent> components) {
    return new SchemaMigrator(dataSource, components);
  }

  /** Every {@link SchemaComponent} registered on the class path. */
  public static List<SchemaComponent> discover() {
    List<SchemaComponent> found = new ArrayList<>();
    ServiceLoader.load(SchemaComponent.class, SchemaMigrator.class.getClassLoader())
        .forEach(found::add);
    found.sort((a, b) -> a.name().compareTo(b.name()));
    return found;
  }

  public List<SchemaComponent> components() {
    return components;
  }

  /**
   * Brings every component to its latest version.
   *
   * @return the components and versions applied, such as {@code outbox V1}; empty when current
   * @throws SchemaException when the database holds a newer schema than this code, or DDL fails
   */
  public List<String> migrate() {
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.detect(connection);
      lock(connection, dialect);
      try {
        ensureVersionTable(connection);
        List<String> applied = new ArrayList<>();
        Map<String, Integer> installed = installedVersions(connection);
        for (SchemaComponent component : components) {
          if (!component.supports(dialect)) {
            continue;
          }
          int from = installed.getOrDefault(component.name(), 0);
          refuseNewer(component, from);
          for (int version = from + 1; version <= component.latestVersion(); version++) {
            apply(connection, dialect, component, version);
            applied.add(component.name() + " V" + version);
          }
        }
        return applied;
      } finally {
        unlock(connection, dialect);
      }
    } catch (SQLException e) {
      throw new SchemaException("schema migration failed: " + e.getMessage(), e);
    }
  }

  /** The installed and latest version of each component this database supports. */
  public List<SchemaStatus> status() {
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.detect(connection);
      Map<String, Integer> installed = installedVersions(connection);
      List<SchemaStatus> result = new ArrayList<>();
      for (SchemaComponent component : components) {
        if (!component.supports(dialect)) {
          continue;
        }
        result.add(
            new SchemaStatus(
                component.name(),
                installed.getOrDefault(component.name(), 0),
                component.latestVersion()));
      }
      return result;
    } catch (SQLException e) {
      throw new SchemaException("cannot read the schema version: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code component} is installed at exactly the version this code knows.
   *
   * @throws SchemaException saying what to run when it is missing, older or newer
   */
  public void requireCurrent(String component) {
    for (SchemaStatus status : status()) {
      if (!status.component().equals(component)) {
        continue;
      }
      if (status.isNewerThanCode()) {
        throw newer(status.component(), status.installed(), status.latest());
      }
      if (!status.isCurrent()) {
        throw new SchemaException(
            "the Eventline "
                + component
                + " tables are at version "
                + status.installed()
                + " but this code needs version "
                + status.latest()
                + "; run 'eventline migrate --jdbc-url <url>' (or SchemaMigrator.migrate()) first");
      }
      return;
    }
    throw new IllegalArgumentException("no schema component named '" + component + "' is known");
  }

  /**
   * The full DDL of every component for {@code dialect}, for Flyway or Liquibase users. It also
   * creates {@code eventline_schema_version} and records each version it creates there, as {@link
   * #migrate()} does, so that {@link #requireCurrent} (run by the relay at start) accepts a
   * database set up from this script.
   */
  public String script(Dialect dialect) {
    StringBuilder out = new StringBuilder();
    out.append("-- eventline schema versions\n").append(VERSION_TABLE).append(";\n\n");
    for (SchemaComponent component : components) {
      if (!component.supports(dialect)) {
        continue;
      }
      for (int version = 1; version <= component.latestVersion(); version++) {
        String ddl = component.migration(dialect, version).strip();
        out.append("-- eventline ")
            .append(component.name())
            .append(" V")
            .append(version)
            .append(" (")
            .append(dialect.resourceName())
            .append(")\n")
            .append(ddl)
            .append(ddl.endsWith(";") ? "\n" : ";\n")
            .append("INSERT INTO eventline_schema_version (component, version) VALUES ('")
            .append(component.name())
            .append("', ")
            .append(version)
            .append(");\n\n");
      }
    }
    return out.toString();
  }

  private void apply(Connection connection, Dialect dialect, SchemaComponent component, int version)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      for (String sql : SqlScript.statements(component.migration(dialect, version))) {
        statement.execute(sql);
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO eventline_schema_version (component, version) VALUES (?, ?)")) {
        insert.setString(1, component.name());
        insert.setInt(2, version);
        insert.executeUpdate();
      }
      connection.commit();
      log.info("applied Eventline schema {} V{}", component.name(), version);
    } catch (SQLException e) {
      connection.rollback();
      throw new SQLException(
          "applying " + component.name() + " V" + version + " failed: " + e.getMessage(), e);
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void ensureVersionTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(VERSION_TABLE);
    }
  }

  private static Map<String, Integer> installedVersions(Connection connection) throws SQLException {
    Map<String, Integer> versions = new HashMap<>();
    if (!versionTableExists(connection)) {
      return versions;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT component, MAX(version) FROM eventline_schema_version GROUP BY component")) {
      while (rows.next()) {
        versions.put(rows.getString(1), rows.getInt(2));
      }
    }
    return versions;
  }

  private static boolean versionTableExists(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement.setMaxRows(1);
      statement.executeQuery("SELECT version FROM eventline_schema_version WHERE 1 = 0").close();
      return true;
    } catch (SQLException missing) {
      rollbackQuietly(connection);
      return false;
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the connection is unusable anyway; the caller's next statement reports it
    }
  }

  private static void refuseNewer(SchemaComponent component, int installed) {
    if (installed > component.latestVersion()) {
      throw newer(component.name(), installed, component.latestVersion());
    }
  }

  private static SchemaException newer(String component, int installed, int latest) {
    return new SchemaException(
        "the Eventline "
            + component
            + " tables are at version "
            + installed
            + ", newer than this code knows ("
            + latest
            + "); a newer Eventline migrated this database. Upgrade this process rather than"
            + " migrating down");
  }

  private static void lock(Connection connection, Dialect dialect) throws SQLException {
    switch (dialect.kind()) {
      case POSTGRESQL -> execute(connection, "SELECT pg_advisory_lock(" + PG_LOCK_KEY + ")");
      case MARIADB -> {
        try (Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery("SELECT GET_LOCK('eventline_migrate', 120)")) {
          if (!row.next() || row.getInt(1) != 1) {
            throw new SQLException(
                "another process held the Eventline migration lock for 120 s; is a migration stuck?");
          }
        }
      }
      case H2 -> {}
    }
  }

  private static void unlock(Connection connection, Dialect dialect) throws SQLException {
    switch (dialect.kind()) {
      case POSTGRESQL -> execute(connection, "SELECT pg_advisory_unlock(" + PG_LOCK_KEY + ")");
      case MARIADB -> execute(connection, "SELECT RELEASE_LOCK('eventline_migrate')");
      case H2 -> {}
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}

package io.eventline.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What Eventline needs to know about a database: the few statements and error codes that differ
 * between PostgreSQL, MariaDB/MySQL and H2. SQL is written once per module; a dialect overrides
 * only what differs.
 */
public interface Dialect {

  /** The database family. */
  Kind kind();

  /**
   * The folder name of this dialect's schema resources: {@code postgresql}, {@code mariadb}, {@code
   * h2}.
   */
  default String resourceName() {
    return kind().name().toLowerCase(Locale.ROOT);
  }

  /** An SQL expression for the database's current time, with microseconds (UTC on MariaDB). */
  String now();

  /** Whether the database delivers {@code NOTIFY} to listeners at commit (PostgreSQL). */
  default boolean supportsListenNotify() {
    return kind() == Kind.POSTGRESQL;
  }

  /** Whether {@code e} reports a unique-key violation. */
  boolean isUniqueViolation(SQLException e);

  /**
   * Whether {@code e} is a deadlock or serialization failure worth retrying in a new transaction.
   */
  boolean isTransient(SQLException e);

  /** The dialect of the database behind {@code connection}. */
  static Dialect detect(Connection connection) throws SQLException {
    return BuiltInDialect.detect(connection);
  }

  static Dialect postgresql() {
    return BuiltInDialect.POSTGRESQL;
  }

  static Dialect mariadb() {
    return BuiltInDialect.MARIADB;
  }

  static Dialect h2() {
    return BuiltInDialect.H2;
  }

  /** The database families Eventline speaks. */
  enum Kind {
    POSTGRESQL,
    MARIADB,
    H2
  }
}

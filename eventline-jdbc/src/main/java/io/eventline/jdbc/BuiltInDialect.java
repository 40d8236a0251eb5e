package io.eventline.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** The dialects Eventline ships. */
enum BuiltInDialect implements Dialect {
  POSTGRESQL(Kind.POSTGRESQL, "clock_timestamp()") {
    @Override
    public boolean isUniqueViolation(SQLException e) {
      return "23505".equals(state(e));
    }

    @Override
    public boolean isTransient(SQLException e) {
      String state = state(e);
      return "40001".equals(state) || "40P01".equals(state);
    }
  },
  MARIADB(Kind.MARIADB, "UTC_TIMESTAMP(6)") {
    @Override
    public boolean isUniqueViolation(SQLException e) {
      return code(e) == 1062;
    }

    @Override
    public boolean isTransient(SQLException e) {
      int code = code(e);
      return code == 1213 || code == 1205 || "40001".equals(state(e));
    }
  },
  H2(Kind.H2, "CURRENT_TIMESTAMP(6)") {
    @Override
    public boolean isUniqueViolation(SQLException e) {
      return code(e) == 23505;
    }

    @Override
    public boolean isTransient(SQLException e) {
      int code = code(e);
      return code == 40001 || code == 50200;
    }
  };

  private final Kind kind;
  private final String now;

  BuiltInDialect(Kind kind, String now) {
    this.kind = kind;
    this.now = now;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public String now() {
    return now;
  }

  static BuiltInDialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return POSTGRESQL;
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return MARIADB;
    }
    if (product.contains("h2")) {
      return H2;
    }
    throw new SQLException(
        "Eventline does not support the database '"
            + connection.getMetaData().getDatabaseProductName()
            + "'; it supports PostgreSQL, MariaDB/MySQL and H2");
  }

  private static String state(SQLException e) {
    for (SQLException cursor = e; cursor != null; cursor = cursor.getNextException()) {
      if (cursor.getSQLState() != null) {
        return cursor.getSQLState();
      }
    }
    return null;
  }

  private static int code(SQLException e) {
    return e.getErrorCode();
  }
}

package io.eventline.outbox;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * What MariaDB and H2 share against PostgreSQL: no array parameters ({@code IN (?, ?, ...)} lists
 * instead), no JSON cast, no {@code LATERAL} (one claim per partition).
 */
abstract class PortableOutboxSql extends OutboxSql {
  PortableOutboxSql(Dialect dialect) {
    super(dialect);
  }

  @Override
  String json(String placeholder) {
    return placeholder;
  }

  @Override
  String in(String column, int count) {
    if (count == 0) {
      return "1 = 0";
    }
    StringBuilder sql = new StringBuilder(column).append(" IN (");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    return sql.append(')').toString();
  }

  @Override
  int bindList(
      Connection connection,
      PreparedStatement statement,
      int index,
      String type,
      Collection<?> values)
      throws SQLException {
    int next = index;
    for (Object value : values) {
      statement.setObject(next++, value);
    }
    return next;
  }

  /** Without arrays: one parameter per partition. */
  @Override
  String tokenOf(String partition) {
    StringBuilder sql = new StringBuilder("CASE ").append(partition);
    for (int i = 0; i < PARTITIONS; i++) {
      sql.append(" WHEN ").append(i).append(" THEN ?");
    }
    return sql.append(" END").toString();
  }

  @Override
  int bindTokens(Connection connection, PreparedStatement statement, int index, long[] tokens)
      throws SQLException {
    for (int i = 0; i < PARTITIONS; i++) {
      statement.setLong(index + i, tokens[i]);
    }
    return index + PARTITIONS;
  }

  @Override
  boolean claimsAllPartitionsAtOnce() {
    return false;
  }
}

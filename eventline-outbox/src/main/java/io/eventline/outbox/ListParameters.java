package io.eventline.outbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** {@code IN (?, ?, ...)} lists, for databases without array parameters. */
final class ListParameters {
  private ListParameters() {}

  static String in(String column, int count) {
    if (count == 0) {
      return "1 = 0";
    }
    StringBuilder sql = new StringBuilder(column).append(" IN (");
    for (int i = 0; i < count; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    return sql.append(')').toString();
  }

  static int bind(PreparedStatement statement, int index, Collection<?> values)
      throws SQLException {
    int next = index;
    for (Object value : values) {
      statement.setObject(next++, value);
    }
    return next;
  }
}

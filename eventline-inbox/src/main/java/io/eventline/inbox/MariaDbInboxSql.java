package io.eventline.inbox;

import io.eventline.jdbc.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * MariaDB/MySQL: CHAR(36) ids, UTC DATETIME columns, {@code INSERT IGNORE ... RETURNING} for new
 * marks (values are clipped to the columns before binding, so IGNORE has nothing else to ignore),
 * and {@code DELETE ... LIMIT}.
 */
final class MariaDbInboxSql extends InboxSql {
  MariaDbInboxSql(Dialect dialect) {
    super(dialect);
  }

  @Override
  String insertNewMarks(int count) {
    return "INSERT IGNORE INTO eventline_inbox ("
        + MARK_COLUMNS
        + ") VALUES "
        + repeat(MARK_VALUES, count)
        + " RETURNING event_id";
  }

  @Override
  String insertVersionIfAbsent() {
    return "INSERT IGNORE INTO eventline_inbox_aggregate"
        + " (consumer, aggregate_type, aggregate_id, last_version, updated_at)"
        + " VALUES (?, ?, ?, ?, ?)";
  }

  @Override
  String boundedDelete(String table, String key, String condition) {
    return "DELETE FROM " + table + " WHERE " + condition + " LIMIT ?";
  }

  @Override
  void bindUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
    statement.setString(index, value == null ? null : value.toString());
  }

  @Override
  UUID readUuid(ResultSet rows, int column) throws SQLException {
    String value = rows.getString(column);
    return value == null ? null : UUID.fromString(value.trim());
  }

  @Override
  void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.TIMESTAMP);
    } else {
      statement.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
    }
  }

  @Override
  Instant readInstant(ResultSet rows, int column) throws SQLException {
    LocalDateTime value = rows.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}

package io.eventline.outbox;

import io.eventline.jdbc.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** MariaDB/MySQL: UTC DATETIME columns, CHAR(36) ids, IN lists, no LATERAL. */
final class MariaDbOutboxSql extends PortableOutboxSql {
  MariaDbOutboxSql(Dialect dialect) {
    super(dialect);
  }

  @Override
  String nowPlusMillis() {
    return "(UTC_TIMESTAMP(6) + INTERVAL (? * 1000) MICROSECOND)";
  }

  @Override
  String nowMinusMillis() {
    return "(UTC_TIMESTAMP(6) - INTERVAL (? * 1000) MICROSECOND)";
  }

  @Override
  void bindUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
    statement.setString(index, value.toString());
  }

  @Override
  UUID readUuid(ResultSet rows, int column) throws SQLException {
    String value = rows.getString(column);
    return value == null ? null : UUID.fromString(value.trim());
  }

  @Override
  void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    statement.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
  }

  @Override
  Instant readInstant(ResultSet rows, int column) throws SQLException {
    LocalDateTime value = rows.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  @Override
  String upsertInstance() {
    return "INSERT INTO eventline_relay_instance (instance_id, expires_at) VALUES (?, "
        + nowPlusMillis()
        + ") ON DUPLICATE KEY UPDATE heartbeat_at = UTC_TIMESTAMP(6),"
        + " expires_at = VALUES(expires_at)";
  }

  @Override
  String deletePublished(int count) {
    return "DELETE FROM eventline_outbox WHERE "
        + in("position", count)
        + " AND "
        + leaseHeld("eventline_outbox.partition_no");
  }

  @Override
  String purgePublished() {
    return "DELETE FROM eventline_outbox WHERE created_at < "
        + nowMinusMillis()
        + " AND published_at IS NOT NULL ORDER BY position LIMIT ?";
  }
}

package io.eventline.outbox;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** H2: DATEADD arithmetic, MERGE for upserts, IN lists, no LATERAL. */
final class H2OutboxSql extends OutboxSql {
  H2OutboxSql(Dialect dialect) {
    super(dialect);
  }

  @Override
  String nowPlusMillis() {
    return "DATEADD(MILLISECOND, CAST(? AS BIGINT), CURRENT_TIMESTAMP(6))";
  }

  @Override
  String nowMinusMillis() {
    return "DATEADD(MILLISECOND, -CAST(? AS BIGINT), CURRENT_TIMESTAMP(6))";
  }

  @Override
  String json(String placeholder) {
    return placeholder;
  }

  @Override
  String in(String column, int count) {
    return ListParameters.in(column, count);
  }

  @Override
  int bindList(
      Connection connection,
      PreparedStatement statement,
      int index,
      String type,
      Collection<?> values)
      throws SQLException {
    return ListParameters.bind(statement, index, values);
  }

  @Override
  boolean payloadIsCheckedJson() {
    return false;
  }

  @Override
  boolean claimsAllPartitionsAtOnce() {
    return false;
  }

  @Override
  String upsertInstance() {
    return "MERGE INTO eventline_relay_instance (instance_id, heartbeat_at, expires_at)"
        + " KEY (instance_id) VALUES (?, CURRENT_TIMESTAMP(6), "
        + nowPlusMillis()
        + ")";
  }
}

package io.eventline.inbox;

import io.eventline.jdbc.Dialect;

/**
 * H2: no multi-row insert that skips duplicates and reports the new rows, so marks of a batch are
 * inserted one by one (a failed statement does not abort an H2 transaction); {@code MERGE} for the
 * guard row; {@code DELETE ... LIMIT}.
 */
final class H2InboxSql extends InboxSql {
  H2InboxSql(Dialect dialect) {
    super(dialect);
  }

  @Override
  String insertNewMarks(int count) {
    return null;
  }

  @Override
  String insertVersionIfAbsent() {
    return "MERGE INTO eventline_inbox_aggregate t USING (VALUES (CAST(? AS VARCHAR(100)),"
        + " CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(255)), CAST(? AS BIGINT),"
        + " CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) AS s (c, t, i, v, u)"
        + " ON t.consumer = s.c AND t.aggregate_type = s.t AND t.aggregate_id = s.i"
        + " WHEN NOT MATCHED THEN INSERT (consumer, aggregate_type, aggregate_id, last_version,"
        + " updated_at) VALUES (s.c, s.t, s.i, s.v, s.u)";
  }

  @Override
  String boundedDelete(String table, String key, String condition) {
    return "DELETE FROM " + table + " WHERE " + condition + " LIMIT ?";
  }
}

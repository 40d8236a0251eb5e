package io.eventline.outbox;

import io.eventline.jdbc.Dialect;

/** H2: DATEADD arithmetic, MERGE for upserts, IN lists, no LATERAL. */
final class H2OutboxSql extends PortableOutboxSql {
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
  boolean payloadIsCheckedJson() {
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

package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Measures how far open transactions hold the feed back; one cheap query. */
final class FeedDelayProbe {
  private static final String SQL =
      "SELECT pg_snapshot_xmax(s)::text::bigint - pg_snapshot_xmin(s)::text::bigint,"
          + " (SELECT count(*) FROM (SELECT 1 FROM eventline_events e"
          + "   WHERE e.transaction_id >= pg_snapshot_xmin(s) LIMIT 100000) h),"
          + " a.age_ms, a.pid, a.datname"
          + " FROM pg_current_snapshot() s LEFT JOIN LATERAL ("
          + "   SELECT (extract(epoch FROM clock_timestamp() - xact_start) * 1000)::bigint AS age_ms,"
          + "          pid, datname::text AS datname"
          + "   FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
          + "   ORDER BY age(backend_xid) DESC LIMIT 1) a ON true";

  private FeedDelayProbe() {}

  static FeedDelay measure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(SQL)) {
      row.next();
      long ageMs = row.getLong(3);
      return new FeedDelay(
          row.getLong(2),
          row.getLong(1),
          Duration.ofMillis(Math.max(0, ageMs)),
          row.getInt(4),
          row.getString(5));
    }
  }
}

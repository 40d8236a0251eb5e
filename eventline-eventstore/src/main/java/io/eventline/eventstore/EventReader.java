package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The read queries: stream slices and the global feed. */
final class EventReader {
  private static final String STREAM =
      "SELECT "
          + EventRows.COLUMNS
          + " FROM eventline_events e LEFT JOIN eventline_streams s ON s.stream_id = e.stream_id"
          + " WHERE e.stream_id = ? AND e.stream_version BETWEEN ? AND ?"
          + " AND e.stream_version >= coalesce(s.truncate_before, 0)"
          + " AND (s.max_age_ms IS NULL"
          + "      OR e.recorded_at >= clock_timestamp() - s.max_age_ms * interval '1 millisecond')"
          + " AND e.recorded_at <= COALESCE(?, 'infinity'::timestamptz)";
  private static final String FEED =
      "SELECT "
          + EventRows.COLUMNS
          + " FROM eventline_events e"
          + " WHERE (e.transaction_id, e.global_position) > (?::text::xid8, ?)"
          + " AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())";
  private static final String FEED_ORDER = " ORDER BY e.transaction_id, e.global_position LIMIT ?";

  private final EventRows rows;

  EventReader(EventRows rows) {
    this.rows = rows;
  }

  /** Events of a stream with versions in [from, to] recorded no later than {@code asOf}. */
  List<RecordedEvent> stream(
      Connection connection,
      String streamId,
      long from,
      long to,
      Instant asOf,
      boolean backward,
      int limit)
      throws SQLException {
    String order = backward ? " ORDER BY e.stream_version DESC" : " ORDER BY e.stream_version";
    try (PreparedStatement query = connection.prepareStatement(STREAM + order + " LIMIT ?")) {
      query.setString(1, streamId);
      query.setLong(2, from);
      query.setLong(3, to);
      if (asOf == null) {
        query.setNull(4, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        query.setObject(4, OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC));
      }
      query.setInt(5, limit);
      try (ResultSet result = query.executeQuery()) {
        return rows.all(result);
      }
    }
  }

  List<RecordedEvent> feed(Connection connection, FeedFilter filter, Checkpoint after, int limit)
      throws SQLException {
    String sql =
        switch (filter.kind()) {
          case ALL -> FEED + FEED_ORDER;
          case CATEGORY -> FEED + " AND e.category = ?" + FEED_ORDER;
          case EVENT_TYPE -> FEED + " AND e.event_type = ?" + FEED_ORDER;
        };
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      int i = 1;
      query.setString(i++, Long.toString(after.transactionId()));
      query.setLong(i++, after.position());
      if (filter.kind() != FeedFilter.Kind.ALL) {
        query.setString(i++, filter.value());
      }
      query.setInt(i, limit);
      try (ResultSet result = query.executeQuery()) {
        return rows.all(result);
      }
    }
  }

  static int requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("read limit must be >= 1 but was " + limit);
    }
    return limit;
  }
}

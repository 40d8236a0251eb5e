package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest snapshot per stream, encoded with the store's codec. */
final class Snapshots<S> {
  private static final Logger log = LoggerFactory.getLogger(Snapshots.class);

  /** Saves nothing for a hard-deleted stream: an erased stream keeps no state. */
  private static final String SAVE =
      "INSERT INTO eventline_snapshots (stream_id, stream_version, schema_version, state)"
          + " SELECT ?::text, ?::bigint, ?::integer, ?::bytea WHERE NOT EXISTS"
          + " (SELECT 1 FROM eventline_streams m WHERE m.stream_id = ? AND m.hard_deleted)"
          + " ON CONFLICT (stream_id) DO UPDATE SET"
          + " stream_version = EXCLUDED.stream_version, schema_version = EXCLUDED.schema_version,"
          + " state = EXCLUDED.state, taken_at = clock_timestamp()"
          + " WHERE eventline_snapshots.stream_version < EXCLUDED.stream_version"
          + " OR eventline_snapshots.schema_version <> EXCLUDED.schema_version";

  private final PostgresEventStore store;
  private final Class<S> type;
  private final int schemaVersion;

  Snapshots(PostgresEventStore store, Class<S> type, int schemaVersion) {
    this.store = store;
    this.type = type;
    this.schemaVersion = schemaVersion;
  }

  /** The stored snapshot at or below {@code maxVersion}, or null (none, stale or unreadable). */
  Aggregate<S> load(String streamId, long maxVersion) {
    try (Connection connection = store.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT stream_version, schema_version, state FROM eventline_snapshots"
                    + " WHERE stream_id = ?")) {
      query.setString(1, streamId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next() || row.getLong(1) > maxVersion) {
          return null;
        }
        if (row.getInt(2) != schemaVersion) {
          log.debug(
              "ignoring the snapshot of '{}': schema version {} is not the current {}",
              streamId,
              row.getInt(2),
              schemaVersion);
          return null;
        }
        long version = row.getLong(1);
        S state = store.codec().decode(row.getBytes(3), type);
        return new Aggregate<>(streamId, state, version, version);
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("ignoring the snapshot of '{}', which cannot be read: {}", streamId, e.toString());
      return null;
    }
  }

  void save(Aggregate<S> aggregate) throws SQLException {
    try (Connection connection = store.dataSource().getConnection();
        PreparedStatement upsert = connection.prepareStatement(SAVE)) {
      upsert.setString(1, aggregate.streamId());
      upsert.setLong(2, aggregate.version());
      upsert.setInt(3, schemaVersion);
      upsert.setBytes(4, store.codec().encode(aggregate.state()));
      upsert.setString(5, aggregate.streamId());
      upsert.executeUpdate();
    }
  }
}

package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;

/**
 * Stream metadata, soft and hard deletes. A stream's version is its latest event's; its row in
 * {@code eventline_streams} exists only once metadata was set or it was deleted.
 */
final class StreamAdmin {
  private static final String EXISTS =
      " WHERE EXISTS (SELECT 1 FROM eventline_events WHERE stream_id = ?)"
          + " OR EXISTS (SELECT 1 FROM eventline_streams WHERE stream_id = ?)";

  private StreamAdmin() {}

  static long version(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT stream_version FROM eventline_events WHERE stream_id = ?"
                + " ORDER BY stream_version DESC LIMIT 1")) {
      query.setString(1, streamId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    }
  }

  static Optional<StreamInfo> info(Connection connection, String streamId) throws SQLException {
    long version = version(connection, streamId);
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT hard_deleted, truncate_before, max_age_ms"
                + " FROM eventline_streams WHERE stream_id = ?")) {
      query.setString(1, streamId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return version == 0
              ? Optional.empty()
              : Optional.of(new StreamInfo(streamId, version, false, false, StreamMetadata.NONE));
        }
        long maxAge = row.getLong(3);
        Duration age = row.wasNull() ? null : Duration.ofMillis(maxAge);
        long truncateBefore = row.getLong(2);
        return Optional.of(
            new StreamInfo(
                streamId,
                version,
                version > 0 && truncateBefore > version,
                row.getBoolean(1),
                new StreamMetadata(truncateBefore, age)));
      }
    }
  }

  static void setMetadata(Connection connection, String streamId, StreamMetadata metadata)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO eventline_streams (stream_id, truncate_before, max_age_ms)"
                + " SELECT ?, ?, ?"
                + EXISTS
                + " ON CONFLICT (stream_id) DO UPDATE SET truncate_before ="
                + " EXCLUDED.truncate_before, max_age_ms = EXCLUDED.max_age_ms,"
                + " updated_at = clock_timestamp() WHERE NOT eventline_streams.hard_deleted")) {
      upsert.setString(1, streamId);
      upsert.setLong(2, metadata.truncateBefore());
      if (metadata.maxAge() == null) {
        upsert.setNull(3, Types.BIGINT);
      } else {
        upsert.setLong(3, metadata.maxAge().toMillis());
      }
      upsert.setString(4, streamId);
      upsert.setString(5, streamId);
      if (upsert.executeUpdate() == 0) {
        throw new EventStoreException(
            "cannot set metadata of stream '"
                + Streams.clip(streamId)
                + "': it does not exist or was hard-deleted; append to it first");
      }
    }
    dropSnapshot(connection, streamId);
  }

  static void softDelete(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO eventline_streams (stream_id, truncate_before)"
                + " SELECT ?, ? + 1"
                + EXISTS
                + " ON CONFLICT (stream_id) DO UPDATE SET"
                + " truncate_before = EXCLUDED.truncate_before, updated_at = clock_timestamp()"
                + " WHERE NOT eventline_streams.hard_deleted")) {
      upsert.setString(1, streamId);
      upsert.setLong(2, version(connection, streamId));
      upsert.setString(3, streamId);
      upsert.setString(4, streamId);
      upsert.executeUpdate();
    }
    dropSnapshot(connection, streamId);
  }

  /** A snapshot may hold the effect of events that metadata now hides. */
  private static void dropSnapshot(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM eventline_snapshots WHERE stream_id = ?")) {
      delete.setString(1, streamId);
      delete.executeUpdate();
    }
  }

  /**
   * How long a hard delete waits for appends and snapshot saves in flight before it gives up. While
   * it waits, later appends to the store queue behind it, so the wait is kept short.
   */
  static final int HARD_DELETE_LOCK_WAIT_MILLIS = 2_000;

  /**
   * Runs in the caller's transaction. First it locks the event and snapshot tables against writers
   * ({@code SHARE ROW EXCLUSIVE}: reads go on, two hard deletes take turns), which waits for every
   * transaction that has appended or saved a snapshot and not yet ended, and holds back new ones
   * until this transaction ends. So the {@code DELETE}s below see every event of the stream that
   * was written before, and a writer held back sees the tombstone: an append is refused, a snapshot
   * is not saved. Without the lock an append whose snapshot predates the tombstone would leave its
   * event behind. The wait is bounded by {@link #HARD_DELETE_LOCK_WAIT_MILLIS} (then SQLSTATE 55P03
   * and nothing is erased).
   */
  static void hardDelete(Connection connection, String streamId) throws SQLException {
    try (Statement lock = connection.createStatement()) {
      lock.execute("SET LOCAL lock_timeout = " + HARD_DELETE_LOCK_WAIT_MILLIS);
      lock.execute("LOCK TABLE eventline_events, eventline_snapshots IN SHARE ROW EXCLUSIVE MODE");
      lock.execute("SET LOCAL lock_timeout = DEFAULT");
    }
    try (PreparedStatement tombstone =
        connection.prepareStatement(
            "INSERT INTO eventline_streams (stream_id, hard_deleted) VALUES (?, true)"
                + " ON CONFLICT (stream_id) DO UPDATE SET hard_deleted = true,"
                + " updated_at = clock_timestamp()")) {
      tombstone.setString(1, streamId);
      tombstone.executeUpdate();
    }
    for (String table : new String[] {"eventline_events", "eventline_snapshots"}) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE stream_id = ?")) {
        delete.setString(1, streamId);
        delete.executeUpdate();
      }
    }
  }
}

package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Stream metadata, soft and hard deletes. */
final class StreamAdmin {
  private StreamAdmin() {}

  static Optional<StreamInfo> info(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT version, soft_deleted, hard_deleted, truncate_before, max_age_ms"
                + " FROM eventline_streams WHERE stream_id = ?")) {
      query.setString(1, streamId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        long maxAge = row.getLong(5);
        Duration age = row.wasNull() ? null : Duration.ofMillis(maxAge);
        return Optional.of(
            new StreamInfo(
                streamId,
                row.getLong(1),
                row.getBoolean(2),
                row.getBoolean(3),
                new StreamMetadata(row.getLong(4), age)));
      }
    }
  }

  static void setMetadata(Connection connection, String streamId, StreamMetadata metadata)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE eventline_streams SET truncate_before = ?, max_age_ms = ?,"
                + " updated_at = clock_timestamp() WHERE stream_id = ? AND NOT hard_deleted")) {
      update.setLong(1, metadata.truncateBefore());
      if (metadata.maxAge() == null) {
        update.setNull(2, java.sql.Types.BIGINT);
      } else {
        update.setLong(2, metadata.maxAge().toMillis());
      }
      update.setString(3, streamId);
      if (update.executeUpdate() == 0) {
        throw new EventStoreException(
            "cannot set metadata of stream '"
                + Streams.clip(streamId)
                + "': it does not exist or was hard-deleted; append to it first");
      }
    }
    dropSnapshot(connection, streamId);
  }

  static void softDelete(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE eventline_streams SET soft_deleted = true, truncate_before = version + 1,"
                + " updated_at = clock_timestamp() WHERE stream_id = ? AND NOT hard_deleted")) {
      update.setString(1, streamId);
      update.executeUpdate();
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

  /** Runs in the caller's transaction: tombstone first (it locks the stream), then erase. */
  static void hardDelete(Connection connection, String streamId) throws SQLException {
    try (PreparedStatement tombstone =
        connection.prepareStatement(
            "INSERT INTO eventline_streams (stream_id, category, hard_deleted) VALUES (?, ?, true)"
                + " ON CONFLICT (stream_id) DO UPDATE SET hard_deleted = true,"
                + " soft_deleted = false, updated_at = clock_timestamp()")) {
      tombstone.setString(1, streamId);
      tombstone.setString(2, Streams.category(streamId));
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

package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads rows of {@link InboxSql#DEAD_LETTER_SELECT} back into {@link DeadLetter}s. */
final class DeadLetterRows {
  private DeadLetterRows() {}

  static DeadLetter read(InboxSql sql, ResultSet rows) throws SQLException {
    UUID eventId = sql.readUuid(rows, 4);
    long version = rows.getLong(8);
    Long aggregateVersion = rows.wasNull() ? null : version;
    byte[] payload = rows.getBytes(14);
    DeadLetter.Kind kind = DeadLetter.Kind.valueOf(rows.getString(3));
    EventEnvelope<byte[]> envelope = null;
    if (eventId != null && rows.getString(5) != null) {
      try {
        envelope =
            new EventEnvelope<>(
                eventId,
                rows.getString(5),
                rows.getString(6),
                rows.getString(7),
                aggregateVersion,
                sql.readInstant(rows, 9),
                payload == null ? new byte[0] : payload,
                rows.getString(10),
                rows.getString(11),
                rows.getString(12),
                HeadersJson.read(rows.getString(13)));
      } catch (RuntimeException incomplete) {
        // a row written by hand or by an older version: list it without an envelope
        envelope = null;
      }
    }
    return new DeadLetter(
        rows.getLong(1),
        rows.getString(2),
        kind,
        eventId,
        rows.getString(5),
        rows.getString(6),
        rows.getString(7),
        aggregateVersion,
        rows.getString(15),
        rows.getInt(16),
        rows.getString(17),
        sql.readInstant(rows, 18),
        sql.readInstant(rows, 19),
        sql.readInstant(rows, 20),
        rows.getString(21),
        rows.getString(22),
        envelope,
        envelope == null ? payload : null);
  }
}

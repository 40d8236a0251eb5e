package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Writes rows of {@code eventline_dead_letter}, inside the caller's transaction. An event keeps one
 * row per consumer: when a row for it exists already (a replayed one, whose mark was purged since),
 * it is brought back to life instead of inserting a second.
 */
final class DeadLetterWriter {
  private final InboxSql sql;
  private final PayloadCodec codec;

  DeadLetterWriter(InboxSql sql, PayloadCodec codec) {
    this.sql = sql;
    this.codec = codec;
  }

  void write(
      Connection connection,
      String consumer,
      DeadLetter.Kind kind,
      EventEnvelope<?> event,
      String source,
      int attempts,
      String error,
      Instant now)
      throws SQLException {
    byte[] payload;
    String reason = error;
    try {
      payload = event.payload() instanceof byte[] bytes ? bytes : codec.encode(event.payload());
    } catch (RuntimeException e) {
      payload = null;
      reason = error + "\n(the payload could not be encoded for the dead letter: " + e + ")";
    }
    try (PreparedStatement revive = connection.prepareStatement(sql.reviveDeadLetter())) {
      bindEvent(revive, consumer, kind, event, payload, source, attempts, reason, now);
      revive.setString(18, consumer);
      sql.bindUuid(revive, 19, event.eventId());
      if (revive.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(sql.insertDeadLetter())) {
      bindEvent(insert, consumer, kind, event, payload, source, attempts, reason, now);
      insert.executeUpdate();
    }
  }

  /**
   * Inserts a malformed record. A unique violation (the same source recorded before) is left to the
   * caller.
   */
  void writeMalformed(Connection connection, String consumer, MalformedRecord record, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql.insertDeadLetter())) {
      insert.setString(1, consumer);
      insert.setString(2, DeadLetter.Kind.MALFORMED.name());
      sql.bindUuid(insert, 3, null);
      insert.setNull(4, Types.VARCHAR);
      insert.setNull(5, Types.VARCHAR);
      insert.setString(
          6,
          record.key() == null
              ? null
              : Texts.text(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)));
      insert.setNull(7, Types.BIGINT);
      sql.bindInstant(insert, 8, null);
      insert.setNull(9, Types.VARCHAR);
      insert.setNull(10, Types.VARCHAR);
      insert.setNull(11, Types.VARCHAR);
      insert.setString(12, HeadersJson.write(record.headers()));
      insert.setBytes(13, record.value());
      insert.setString(14, Texts.column(record.source(), 400));
      insert.setInt(15, 0);
      insert.setString(16, Texts.column(record.reason(), Failures.MAX_TEXT));
      sql.bindInstant(insert, 17, now);
      insert.executeUpdate();
    }
  }

  private void bindEvent(
      PreparedStatement statement,
      String consumer,
      DeadLetter.Kind kind,
      EventEnvelope<?> event,
      byte[] payload,
      String source,
      int attempts,
      String error,
      Instant now)
      throws SQLException {
    statement.setString(1, consumer);
    statement.setString(2, kind.name());
    sql.bindUuid(statement, 3, event.eventId());
    statement.setString(4, Texts.text(event.eventType()));
    statement.setString(5, Texts.text(event.aggregateType()));
    statement.setString(6, Texts.text(event.aggregateId()));
    if (event.aggregateVersion() == null) {
      statement.setNull(7, Types.BIGINT);
    } else {
      statement.setLong(7, event.aggregateVersion());
    }
    sql.bindInstant(statement, 8, event.occurredAt());
    statement.setString(9, Texts.text(event.correlationId()));
    statement.setString(10, Texts.text(event.causationId()));
    statement.setString(11, Texts.text(event.traceparent()));
    statement.setString(12, HeadersJson.write(event.headers()));
    statement.setBytes(13, payload);
    statement.setString(14, Texts.column(source, 400));
    statement.setInt(15, attempts);
    statement.setString(16, Texts.column(error, Failures.MAX_TEXT));
    sql.bindInstant(statement, 17, now);
  }
}

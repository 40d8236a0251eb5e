package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inserts marks. The primary key decides: a mark that exists makes the insert fail (or, in a batch,
 * skip), and a mark held by a transaction still running makes it wait for that transaction.
 */
final class Marks {
  private final InboxSql sql;

  Marks(InboxSql sql) {
    this.sql = sql;
  }

  /**
   * Inserts one mark with a plain {@code INSERT}.
   *
   * @return false when the mark exists: the event is a duplicate. On PostgreSQL the transaction is
   *     then aborted, so this must be its first statement; the caller rolls back.
   */
  boolean insert(Connection connection, String consumer, EventEnvelope<?> event, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql.insertMark())) {
      bind(insert, 1, consumer, event, now);
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (sql.dialect.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Inserts the marks of {@code events} (distinct ids, sorted by id so that concurrent batches take
   * the key locks in one order) and returns the ids that were new. The transaction stays usable.
   */
  Set<UUID> insertNew(
      Connection connection, String consumer, List<EventEnvelope<?>> events, Instant now)
      throws SQLException {
    Set<UUID> inserted = new HashSet<>();
    String statement = sql.insertNewMarks(events.size());
    if (statement == null) {
      for (EventEnvelope<?> event : events) {
        if (insert(connection, consumer, event, now)) {
          inserted.add(event.eventId());
        }
      }
      return inserted;
    }
    try (PreparedStatement insert = connection.prepareStatement(statement)) {
      int index = 1;
      for (EventEnvelope<?> event : events) {
        index = bind(insert, index, consumer, event, now);
      }
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          inserted.add(sql.readUuid(rows, 1));
        }
      }
    }
    return inserted;
  }

  /** Whether the mark exists, for replays. */
  boolean exists(Connection connection, String consumer, UUID eventId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql.markExists())) {
      select.setString(1, consumer);
      sql.bindUuid(select, 2, eventId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private int bind(
      PreparedStatement insert, int index, String consumer, EventEnvelope<?> event, Instant now)
      throws SQLException {
    insert.setString(index, consumer);
    sql.bindUuid(insert, index + 1, event.eventId());
    insert.setString(index + 2, Texts.column(event.eventType(), Texts.COLUMN));
    insert.setString(index + 3, Texts.column(event.aggregateType(), Texts.COLUMN));
    insert.setString(index + 4, Texts.column(event.aggregateId(), Texts.COLUMN));
    if (event.aggregateVersion() == null) {
      insert.setNull(index + 5, Types.BIGINT);
    } else {
      insert.setLong(index + 5, event.aggregateVersion());
    }
    insert.setString(index + 6, Texts.column(event.correlationId(), Texts.COLUMN));
    sql.bindInstant(insert, index + 7, now);
    return index + InboxSql.MARK_PARAMETERS;
  }
}

package io.eventline.outbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventTypeRule;
import io.eventline.core.PayloadCodec;
import io.eventline.jdbc.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** The outbox writer: one prepared INSERT per call, batched for lists. */
final class JdbcOutbox implements Outbox {
  private final PayloadCodec codec;
  private final EventTypeRule naming;
  private volatile OutboxSql sql;

  JdbcOutbox(Outbox.Builder settings) {
    this.codec = settings.codec;
    this.naming = settings.naming;
    this.sql = settings.dialect == null ? null : OutboxSql.forDialect(settings.dialect);
  }

  @Override
  public void append(Connection connection, EventEnvelope<?> event) {
    append(connection, null, event);
  }

  @Override
  public void append(Connection connection, String topic, EventEnvelope<?> event) {
    if (topic != null) {
      Topics.requireValid(topic);
    }
    OutboxSql statements = sql(connection);
    try (PreparedStatement insert = connection.prepareStatement(statements.insert())) {
      bind(statements, insert, topic, event);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw failure(event, e);
    }
  }

  @Override
  public void append(Connection connection, List<? extends EventEnvelope<?>> events) {
    if (events.isEmpty()) {
      return;
    }
    if (events.size() == 1) {
      append(connection, null, events.get(0));
      return;
    }
    OutboxSql statements = sql(connection);
    try (PreparedStatement insert = connection.prepareStatement(statements.insert())) {
      for (EventEnvelope<?> event : events) {
        bind(statements, insert, null, event);
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw failure(events.get(0), e);
    }
  }

  private void bind(
      OutboxSql statements, PreparedStatement insert, String topic, EventEnvelope<?> event)
      throws SQLException {
    naming.check(event.eventType());
    statements.bindUuid(insert, 1, event.eventId());
    insert.setString(2, event.aggregateType());
    insert.setString(3, event.aggregateId());
    if (event.aggregateVersion() == null) {
      insert.setNull(4, Types.BIGINT);
    } else {
      insert.setLong(4, event.aggregateVersion());
    }
    insert.setString(5, event.eventType());
    insert.setString(6, topic);
    insert.setString(7, new String(codec.encode(event.payload()), StandardCharsets.UTF_8));
    insert.setString(8, Headers.toJson(event));
    statements.bindInstant(insert, 9, event.occurredAt());
  }

  private OutboxSql sql(Connection connection) {
    OutboxSql statements = sql;
    if (statements == null) {
      try {
        statements = OutboxSql.forDialect(Dialect.detect(connection));
      } catch (SQLException e) {
        throw new OutboxException("cannot tell which database the connection is for", e);
      }
      sql = statements;
    }
    return statements;
  }

  private static OutboxException failure(EventEnvelope<?> event, SQLException e) {
    return new OutboxException(
        "could not append event "
            + event.eventId()
            + " ("
            + event.eventType()
            + ", aggregate "
            + event.aggregateType()
            + " "
            + event.aggregateId()
            + ") to eventline_outbox: "
            + e.getMessage()
            + (e.getMessage() != null && e.getMessage().contains("does not exist")
                ? "; has 'eventline migrate' run on this database?"
                : ""),
        e);
  }
}

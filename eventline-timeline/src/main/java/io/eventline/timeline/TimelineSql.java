package io.eventline.timeline;

import io.eventline.jdbc.Dialect;
import java.sql.SQLException;
import java.util.List;

/** The timeline's queries; the outbox's correlation id lives in JSON on PostgreSQL. */
class TimelineSql {
  static TimelineSql forDialect(Dialect dialect) {
    return dialect.kind() == Dialect.Kind.POSTGRESQL ? new TimelineSql() : new Generated();
  }

  String outboxCorrelation() {
    return "headers ->> 'correlation_id'";
  }

  String outboxCausation() {
    return "headers ->> 'causation_id'";
  }

  String outbox() {
    return "SELECT CAST(event_id AS VARCHAR(36)), event_type, aggregate_type, aggregate_id,"
        + " aggregate_version, "
        + outboxCausation()
        + ", COALESCE(topic, aggregate_type), created_at, published_at, dead_at, skipped_at,"
        + " attempts, last_error, next_attempt_at FROM eventline_outbox WHERE "
        + outboxCorrelation()
        + " = ? ORDER BY position";
  }

  String inbox() {
    return "SELECT consumer, CAST(event_id AS VARCHAR(36)), event_type, aggregate_type, aggregate_id,"
        + " aggregate_version, processed_at FROM eventline_inbox WHERE correlation_id = ?";
  }

  String deadLetters() {
    return "SELECT consumer, CAST(event_id AS VARCHAR(36)), event_type, aggregate_type, aggregate_id,"
        + " aggregate_version, causation_id, error, dead_at, replayed_at, replay_outcome"
        + " FROM eventline_dead_letter WHERE correlation_id = ?";
  }

  String eventStore() {
    return "SELECT CAST(event_id AS VARCHAR(36)), event_type, aggregate_type, aggregate_id,"
        + " stream_version, causation_id, stream_id, recorded_at FROM eventline_events"
        + " WHERE correlation_id = ? ORDER BY global_position";
  }

  List<String> correlationByEventId() {
    return List.of(
        "SELECT "
            + outboxCorrelation()
            + " FROM eventline_outbox WHERE CAST(event_id AS VARCHAR(36)) = ?",
        "SELECT correlation_id FROM eventline_inbox WHERE CAST(event_id AS VARCHAR(36)) = ?",
        "SELECT correlation_id FROM eventline_dead_letter WHERE CAST(event_id AS VARCHAR(36)) = ?",
        "SELECT correlation_id FROM eventline_events WHERE CAST(event_id AS VARCHAR(36)) = ?");
  }

  List<String> correlationsByAggregate() {
    return List.of(
        "SELECT "
            + outboxCorrelation()
            + " FROM eventline_outbox WHERE aggregate_type = ? AND aggregate_id = ? ORDER BY position",
        "SELECT correlation_id FROM eventline_inbox WHERE aggregate_type = ? AND aggregate_id = ?"
            + " ORDER BY processed_at");
  }

  static boolean isMissingTable(SQLException e) {
    String state = e.getSQLState();
    return "42P01".equals(state) // PostgreSQL undefined_table
        || "42S02".equals(state) // MariaDB, H2: table not found
        || e.getErrorCode() == 1146
        || e.getErrorCode() == 42102
        || e.getErrorCode() == 42104;
  }

  /** MariaDB and H2: the outbox keeps the correlation id in a generated column or plain JSON. */
  static final class Generated extends TimelineSql {
    @Override
    String outboxCorrelation() {
      return "JSON_VALUE(headers, '$.correlation_id')";
    }

    @Override
    String outboxCausation() {
      return "JSON_VALUE(headers, '$.causation_id')";
    }

    @Override
    String eventStore() {
      return null;
    }
  }
}

package io.eventline.inbox;

import io.eventline.jdbc.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The inbox's SQL, written once for PostgreSQL; the MariaDB and H2 subclasses override only what
 * differs (multi-row insert of new marks, bounded deletes, UUID and timestamp binding). Every value
 * is a bind parameter; no statement contains user text.
 */
class InboxSql {
  static final String MARK_COLUMNS =
      "consumer, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,"
          + " correlation_id, processed_at";
  static final String MARK_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?)";
  static final int MARK_PARAMETERS = 8;

  static final String DEAD_LETTER_COLUMNS =
      "consumer, kind, event_id, event_type, aggregate_type, aggregate_id, aggregate_version,"
          + " occurred_at, correlation_id, causation_id, traceparent, headers, payload, source,"
          + " attempts, error, dead_at";

  static final String DEAD_LETTER_SELECT =
      "SELECT id, consumer, kind, event_id, event_type, aggregate_type, aggregate_id,"
          + " aggregate_version, occurred_at, correlation_id, causation_id, traceparent, headers,"
          + " payload, source, attempts, error, dead_at, replay_requested_at, replayed_at,"
          + " replay_outcome, replay_error FROM eventline_dead_letter";

  final Dialect dialect;

  InboxSql(Dialect dialect) {
    this.dialect = dialect;
  }

  static InboxSql forDialect(Dialect dialect) {
    return switch (dialect.kind()) {
      case POSTGRESQL -> new InboxSql(dialect);
      case MARIADB -> new MariaDbInboxSql(dialect);
      case H2 -> new H2InboxSql(dialect);
    };
  }

  // ---- marks ----

  /** A plain insert: a duplicate waits for a concurrent holder, then fails on the primary key. */
  String insertMark() {
    return "INSERT INTO eventline_inbox (" + MARK_COLUMNS + ") VALUES " + MARK_VALUES;
  }

  /**
   * Inserts {@code count} marks and returns the event ids of those that were new, or {@code null}
   * when this database has no such statement (then each mark is inserted on its own). Like the
   * plain insert, it waits for a concurrent transaction that holds one of the marks.
   */
  String insertNewMarks(int count) {
    return "INSERT INTO eventline_inbox ("
        + MARK_COLUMNS
        + ") VALUES "
        + repeat(MARK_VALUES, count)
        + " ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id";
  }

  String markExists() {
    return "SELECT 1 FROM eventline_inbox WHERE consumer = ? AND event_id = ?";
  }

  // ---- ordering guard ----

  String selectVersionForUpdate() {
    return "SELECT last_version FROM eventline_inbox_aggregate"
        + " WHERE consumer = ? AND aggregate_type = ? AND aggregate_id = ? FOR UPDATE";
  }

  /** Parameters: consumer, aggregate type, id, version, time. Inserts nothing if present. */
  String insertVersionIfAbsent() {
    return "INSERT INTO eventline_inbox_aggregate"
        + " (consumer, aggregate_type, aggregate_id, last_version, updated_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  }

  /** Parameters: version, time, consumer, aggregate type, id, version. */
  String advanceVersion() {
    return "UPDATE eventline_inbox_aggregate SET last_version = ?, updated_at = ?"
        + " WHERE consumer = ? AND aggregate_type = ? AND aggregate_id = ? AND last_version < ?";
  }

  // ---- dead letters ----

  String insertDeadLetter() {
    return "INSERT INTO eventline_dead_letter ("
        + DEAD_LETTER_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  /** The same 17 parameters as the insert, then consumer and event id again. */
  String reviveDeadLetter() {
    return "UPDATE eventline_dead_letter SET consumer = ?, kind = ?, event_id = ?, event_type = ?,"
        + " aggregate_type = ?, aggregate_id = ?, aggregate_version = ?, occurred_at = ?,"
        + " correlation_id = ?, causation_id = ?, traceparent = ?, headers = ?, payload = ?,"
        + " source = ?, attempts = ?, error = ?, dead_at = ?, replay_requested_at = NULL,"
        + " replayed_at = NULL, replay_outcome = NULL, replay_error = NULL"
        + " WHERE consumer = ? AND event_id = ?";
  }

  String selectRequestedReplays() {
    return "SELECT id FROM eventline_dead_letter WHERE consumer = ?"
        + " AND replay_requested_at IS NOT NULL AND replayed_at IS NULL ORDER BY id LIMIT ?";
  }

  /** Parameters: time, outcome, id. The claim: one replayer wins, the others update nothing. */
  String claimReplay() {
    return "UPDATE eventline_dead_letter SET replayed_at = ?, replay_outcome = ?, replay_error ="
        + " NULL WHERE id = ? AND replay_requested_at IS NOT NULL AND replayed_at IS NULL";
  }

  /** Parameters: outcome, id. */
  String setReplayOutcome() {
    return "UPDATE eventline_dead_letter SET replay_outcome = ? WHERE id = ?";
  }

  /** Parameters: error, id. The event stays dead until the next request. */
  String replayFailed() {
    return "UPDATE eventline_dead_letter SET replay_requested_at = NULL, replay_error = ?,"
        + " attempts = attempts + 1 WHERE id = ? AND replayed_at IS NULL";
  }

  String selectDeadLetter() {
    return DEAD_LETTER_SELECT + " WHERE id = ?";
  }

  String selectOpen(boolean byConsumer) {
    return DEAD_LETTER_SELECT
        + " WHERE replayed_at IS NULL"
        + (byConsumer ? " AND consumer = ?" : "")
        + " ORDER BY id LIMIT ?";
  }

  /** Parameters: time, event id[, consumer]. */
  String requestReplay(boolean byConsumer) {
    return "UPDATE eventline_dead_letter SET replay_requested_at = ?, replay_error = NULL"
        + " WHERE event_id = ? AND replayed_at IS NULL"
        + (byConsumer ? " AND consumer = ?" : "");
  }

  /** Parameters: time[, consumer]. */
  String requestAllReplays(boolean byConsumer) {
    return "UPDATE eventline_dead_letter SET replay_requested_at = ?, replay_error = NULL"
        + " WHERE replayed_at IS NULL AND event_id IS NOT NULL"
        + (byConsumer ? " AND consumer = ?" : "");
  }

  String countByEvent(boolean byConsumer) {
    return "SELECT count(*) FROM eventline_dead_letter WHERE event_id = ?"
        + (byConsumer ? " AND consumer = ?" : "");
  }

  // ---- retention: parameters consumer, cutoff, limit ----

  /** Marks older than the cutoff, except those of events still open in the dead letters. */
  String purgeMarks() {
    return boundedDelete(
        "eventline_inbox",
        "consumer, event_id",
        "eventline_inbox.consumer = ? AND eventline_inbox.processed_at < ? AND NOT EXISTS"
            + " (SELECT 1 FROM eventline_dead_letter d WHERE d.consumer = eventline_inbox.consumer"
            + " AND d.event_id = eventline_inbox.event_id AND d.replayed_at IS NULL)");
  }

  String purgeVersions() {
    return boundedDelete(
        "eventline_inbox_aggregate",
        "consumer, aggregate_type, aggregate_id",
        "eventline_inbox_aggregate.consumer = ? AND eventline_inbox_aggregate.updated_at < ?");
  }

  String purgeReplayed() {
    return boundedDelete(
        "eventline_dead_letter",
        "id",
        "eventline_dead_letter.consumer = ? AND eventline_dead_letter.replayed_at < ?");
  }

  /** {@code DELETE} of at most {@code ?} rows matching {@code condition}. */
  String boundedDelete(String table, String key, String condition) {
    return "DELETE FROM "
        + table
        + " WHERE ("
        + key
        + ") IN (SELECT "
        + key
        + " FROM "
        + table
        + " WHERE "
        + condition
        + " LIMIT ?)";
  }

  // ---- binding ----

  void bindUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
    statement.setObject(index, value);
  }

  UUID readUuid(ResultSet rows, int column) throws SQLException {
    return rows.getObject(column, UUID.class);
  }

  void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, value.atOffset(ZoneOffset.UTC));
    }
  }

  Instant readInstant(ResultSet rows, int column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static String repeat(String values, int count) {
    StringBuilder sql = new StringBuilder(values.length() * count + 2 * count);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(values);
    }
    return sql.toString();
  }
}

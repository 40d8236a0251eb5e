package io.eventline.timeline;

import io.eventline.jdbc.Dialect;
import io.eventline.timeline.TimelineEntry.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Eventline tables of each service by correlation id: outbox rows (written, published,
 * retrying, dead, skipped), inbox marks (consumed), dead letters (dead-lettered, replayed) and
 * event store rows (appended). Absent tables are skipped; every value is a bind parameter.
 */
final class TimelineReader {
  private final List<TimelineSource> sources;

  TimelineReader(List<TimelineSource> sources) {
    if (sources == null || sources.isEmpty()) {
      throw new IllegalArgumentException("a timeline needs at least one service's database");
    }
    this.sources = List.copyOf(sources);
  }

  Timeline read(String correlationId) {
    if (correlationId == null || correlationId.isBlank() || correlationId.length() > 200) {
      throw new IllegalArgumentException("the correlation id must be 1 to 200 characters");
    }
    List<TimelineEntry> entries = new ArrayList<>();
    for (TimelineSource source : sources) {
      try (Connection connection = source.dataSource().getConnection()) {
        TimelineSql sql = TimelineSql.forDialect(Dialect.detect(connection));
        readOutbox(connection, sql, source.service(), correlationId, entries);
        readInbox(connection, sql, source.service(), correlationId, entries);
        readDeadLetters(connection, sql, source.service(), correlationId, entries);
        readEventStore(connection, sql, source.service(), correlationId, entries);
      } catch (SQLException e) {
        throw new TimelineException(
            "cannot read the timeline from service '" + source.service() + "': " + e.getMessage(),
            e);
      }
    }
    return new Timeline(correlationId, withoutMarksOfDeadLetters(entries));
  }

  /** A dead letter is written with its mark; showing the mark as "consumed" would mislead. */
  private static List<TimelineEntry> withoutMarksOfDeadLetters(List<TimelineEntry> entries) {
    java.util.Set<String> dead = new java.util.HashSet<>();
    for (TimelineEntry entry : entries) {
      if (entry.kind() == Kind.DEAD_LETTERED) {
        dead.add(entry.service() + '/' + entry.actor() + '/' + entry.eventId());
      }
    }
    List<TimelineEntry> kept = new ArrayList<>(entries.size());
    for (TimelineEntry entry : entries) {
      if (entry.kind() != Kind.CONSUMED
          || !dead.contains(entry.service() + '/' + entry.actor() + '/' + entry.eventId())) {
        kept.add(entry);
      }
    }
    return kept;
  }

  /** The correlation ids of an aggregate's events in every source, oldest first, at most 100. */
  java.util.Set<String> correlationsOf(String aggregateType, String aggregateId) {
    java.util.Set<String> found = new java.util.LinkedHashSet<>();
    for (TimelineSource source : sources) {
      try (Connection connection = source.dataSource().getConnection()) {
        TimelineSql sql = TimelineSql.forDialect(Dialect.detect(connection));
        for (String query : sql.correlationsByAggregate()) {
          try (PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, aggregateType);
            select.setString(2, aggregateId);
            select.setMaxRows(100);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next() && found.size() < 100) {
                if (rows.getString(1) != null) {
                  found.add(rows.getString(1));
                }
              }
            }
          } catch (SQLException e) {
            if (!TimelineSql.isMissingTable(e)) {
              throw e;
            }
            rollback(connection);
          }
        }
      } catch (SQLException e) {
        throw new TimelineException(
            "cannot search service '"
                + source.service()
                + "' for aggregate "
                + aggregateType
                + ":"
                + aggregateId
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return found;
  }

  Optional<String> correlationOf(String eventId) {
    for (TimelineSource source : sources) {
      try (Connection connection = source.dataSource().getConnection()) {
        TimelineSql sql = TimelineSql.forDialect(Dialect.detect(connection));
        for (String query : sql.correlationByEventId()) {
          Optional<String> found = single(connection, query, eventId);
          if (found.isPresent()) {
            return found;
          }
        }
      } catch (SQLException e) {
        throw new TimelineException(
            "cannot search service '"
                + source.service()
                + "' for event "
                + eventId
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> single(Connection connection, String query, String eventId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(query)) {
      select.setString(1, eventId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      if (TimelineSql.isMissingTable(e)) {
        rollback(connection);
        return Optional.empty();
      }
      throw e;
    }
  }

  /** What every entry of one event shares; {@link #at} makes the entry of one happening. */
  private record EventFacts(
      String service,
      String eventId,
      String eventType,
      String aggregateType,
      String aggregateId,
      Long version,
      String causationId,
      String actor) {
    TimelineEntry at(Instant time, Kind kind, String detail) {
      return new TimelineEntry(
          time,
          service,
          kind,
          eventId,
          eventType,
          aggregateType,
          aggregateId,
          version,
          causationId,
          actor,
          detail);
    }
  }

  private void readOutbox(
      Connection connection,
      TimelineSql sql,
      String service,
      String correlation,
      List<TimelineEntry> out)
      throws SQLException {
    query(
        connection,
        sql.outbox(),
        correlation,
        row -> {
          EventFacts event =
              new EventFacts(
                  service,
                  row.getString(1),
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  nullableLong(row, 5),
                  row.getString(6),
                  row.getString(7));
          Instant published = instant(row, 9);
          Instant dead = instant(row, 10);
          Instant skipped = instant(row, 11);
          int attempts = row.getInt(12);
          String error = row.getString(13);
          out.add(event.at(instant(row, 8), Kind.WRITTEN, null));
          if (skipped != null) {
            out.add(event.at(skipped, Kind.SKIPPED, error));
          } else if (published != null) {
            out.add(
                event.at(
                    published,
                    Kind.PUBLISHED,
                    attempts > 0 ? "after " + attempts + " failed attempts" : null));
          } else if (dead != null) {
            out.add(event.at(dead, Kind.DEAD, error));
          } else if (attempts == 0) {
            out.add(event.at(null, Kind.PENDING, "not yet published"));
          } else {
            out.add(event.at(instant(row, 14), Kind.RETRYING, attempts + " failed: " + error));
          }
        });
  }

  private void readInbox(
      Connection connection,
      TimelineSql sql,
      String service,
      String correlation,
      List<TimelineEntry> out)
      throws SQLException {
    query(
        connection,
        sql.inbox(),
        correlation,
        row ->
            out.add(
                new TimelineEntry(
                    instant(row, 7),
                    service,
                    Kind.CONSUMED,
                    row.getString(2),
                    row.getString(3),
                    row.getString(4),
                    row.getString(5),
                    nullableLong(row, 6),
                    null,
                    row.getString(1),
                    null)));
  }

  private void readDeadLetters(
      Connection connection,
      TimelineSql sql,
      String service,
      String correlation,
      List<TimelineEntry> out)
      throws SQLException {
    query(
        connection,
        sql.deadLetters(),
        correlation,
        row -> {
          if (row.getString(2) == null) {
            return; // a malformed delivery: no event to place in a timeline
          }
          EventFacts event =
              new EventFacts(
                  service,
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getString(5),
                  nullableLong(row, 6),
                  row.getString(7),
                  row.getString(1));
          out.add(event.at(instant(row, 9), Kind.DEAD_LETTERED, row.getString(8)));
          Instant replayed = instant(row, 10);
          if (replayed != null) {
            out.add(event.at(replayed, Kind.REPLAYED, row.getString(11)));
          }
        });
  }

  private void readEventStore(
      Connection connection,
      TimelineSql sql,
      String service,
      String correlation,
      List<TimelineEntry> out)
      throws SQLException {
    if (sql.eventStore() == null) {
      return;
    }
    query(
        connection,
        sql.eventStore(),
        correlation,
        row ->
            out.add(
                new TimelineEntry(
                    instant(row, 8),
                    service,
                    Kind.APPENDED,
                    row.getString(1),
                    row.getString(2),
                    row.getString(3),
                    row.getString(4),
                    nullableLong(row, 5),
                    row.getString(6),
                    row.getString(7),
                    null)));
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private static void query(Connection connection, String sql, String correlation, RowReader reader)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, correlation);
      select.setMaxRows(10_000);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      if (!TimelineSql.isMissingTable(e)) {
        throw e;
      }
      rollback(connection);
    }
  }

  private static void rollback(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the next statement reports a broken connection
    }
  }

  private static Long nullableLong(ResultSet row, int column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  static Instant instant(ResultSet row, int column) throws SQLException {
    Object value = row.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof Timestamp timestamp) {
      try {
        OffsetDateTime offset = row.getObject(column, OffsetDateTime.class);
        return offset.toInstant();
      } catch (SQLException | RuntimeException e) {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
      }
    }
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    return row.getObject(column, OffsetDateTime.class).toInstant();
  }
}

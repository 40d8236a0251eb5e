package io.eventline.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * Appends in one statement, so one round trip: {@link AppendSql#PLAIN} (auto-commit) or {@link
 * AppendSql#FAST} (inside a transaction) for exact expected versions, with a second round trip to
 * {@link AppendSql#FUNCTION} only when that inserted nothing; {@link AppendSql#FUNCTION} otherwise.
 */
final class Appender {
  private final PayloadCodec codec;
  private final ChainedUpcasters upcasters;
  private final ToLongFunction<String> currentVersion;

  Appender(PayloadCodec codec, ChainedUpcasters upcasters, ToLongFunction<String> currentVersion) {
    this.codec = codec;
    this.upcasters = upcasters;
    this.currentVersion = currentVersion;
  }

  /** The events as recorded; they carry the {@code replayed} flag through {@link Written}. */
  Written append(
      Connection connection,
      String streamId,
      ExpectedVersion expected,
      List<? extends EventEnvelope<?>> events) {
    int n = events.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    Integer[] schemaVersions = new Integer[n];
    String[] aggregateTypes = new String[n];
    String[] aggregateIds = new String[n];
    String[] occurredAt = new String[n];
    String[] correlations = new String[n];
    String[] causations = new String[n];
    String[] traceparents = new String[n];
    String[] headers = new String[n];
    String[] contentTypes = new String[n];
    byte[][] payloads = new byte[n][];
    for (int i = 0; i < n; i++) {
      EventEnvelope<?> event = events.get(i);
      ids[i] = event.eventId().toString();
      types[i] = event.eventType();
      schemaVersions[i] = upcasters.currentVersion(event.eventType());
      aggregateTypes[i] = event.aggregateType();
      aggregateIds[i] = event.aggregateId();
      occurredAt[i] = event.occurredAt().toString();
      correlations[i] = event.correlationId();
      causations[i] = event.causationId();
      traceparents[i] = event.traceparent();
      headers[i] = EventRows.headersJson(event.headers());
      contentTypes[i] = codec.contentType();
      payloads[i] = codec.encode(event.payload());
    }
    Object[] arrays = {
      ids,
      types,
      schemaVersions,
      aggregateTypes,
      aggregateIds,
      occurredAt,
      correlations,
      causations,
      traceparents,
      headers,
      contentTypes,
      payloads
    };
    try {
      long exact = expected.equals(ExpectedVersion.NO_STREAM) ? 0 : expected.value();
      if (exact >= 0) {
        Written fast = exact(connection, streamId, exact, arrays, events);
        if (fast != null) {
          return fast;
        }
      }
      Written checked =
          run(connection, AppendSql.FUNCTION, streamId, expected.value(), arrays, events);
      if (checked == null) {
        throw new EventStoreException(
            "append to stream '" + Streams.clip(streamId) + "' returned no rows");
      }
      return checked;
    } catch (SQLException e) {
      throw SqlErrors.append(streamId, expected, e, () -> currentVersion.applyAsLong(streamId));
    }
  }

  private static final String[] ARRAY_TYPES = {
    "text", "text", "int4", "text", "text", "text", "text", "text", "text", "text", "text", "bytea"
  };

  /**
   * The fast path for an exact expected version: {@link AppendSql#PLAIN} in auto-commit mode, where
   * a refused insert costs nothing but the statement, {@link AppendSql#FAST} inside a transaction,
   * which it must not abort. Null when the fast statement did not insert.
   */
  private static Written exact(
      Connection connection,
      String streamId,
      long expected,
      Object[] arrays,
      List<? extends EventEnvelope<?>> events)
      throws SQLException {
    boolean plain = connection.getAutoCommit();
    boolean one = events.size() == 1;
    String sql =
        plain
            ? (one ? AppendSql.PLAIN_ONE : AppendSql.PLAIN)
            : (one ? AppendSql.FAST_ONE : AppendSql.FAST);
    try {
      return one
          ? runOne(connection, sql, streamId, expected, arrays, events)
          : run(connection, sql, streamId, expected, arrays, events);
    } catch (SQLException e) {
      if (plain && "23505".equals(e.getSQLState())) {
        return null; // the version or an event id is taken: the function says which, or replays
      }
      throw e;
    }
  }

  /** Runs {@code sql}, one of the single-event statements; null when it inserted nothing. */
  private static Written runOne(
      Connection connection,
      String sql,
      String streamId,
      long expected,
      Object[] arrays,
      List<? extends EventEnvelope<?>> events)
      throws SQLException {
    try (PreparedStatement call = connection.prepareStatement(sql)) {
      call.setString(1, streamId);
      call.setString(2, Streams.category(streamId));
      call.setLong(3, expected);
      call.setObject(4, events.get(0).eventId());
      call.setString(5, ((String[]) arrays[1])[0]);
      call.setInt(6, ((Integer[]) arrays[2])[0]);
      call.setString(7, ((String[]) arrays[3])[0]);
      call.setString(8, ((String[]) arrays[4])[0]);
      call.setObject(9, OffsetDateTime.ofInstant(events.get(0).occurredAt(), ZoneOffset.UTC));
      for (int i = 6; i <= 10; i++) {
        call.setString(4 + i, ((String[]) arrays[i])[0]);
      }
      call.setBytes(15, ((byte[][]) arrays[11])[0]);
      try (ResultSet rows = call.executeQuery()) {
        return read(
            rows,
            streamId,
            events,
            (byte[][]) arrays[11],
            (String[]) arrays[10],
            (Integer[]) arrays[2]);
      }
    }
  }

  /** Runs {@code sql}; null when it inserted nothing. */
  private static Written run(
      Connection connection,
      String sql,
      String streamId,
      long expected,
      Object[] arrays,
      List<? extends EventEnvelope<?>> events)
      throws SQLException {
    try (PreparedStatement call = connection.prepareStatement(sql)) {
      call.setString(1, streamId);
      call.setString(2, Streams.category(streamId));
      call.setLong(3, expected);
      for (int i = 0; i < arrays.length; i++) {
        call.setArray(4 + i, connection.createArrayOf(ARRAY_TYPES[i], (Object[]) arrays[i]));
      }
      try (ResultSet rows = call.executeQuery()) {
        return read(
            rows,
            streamId,
            events,
            (byte[][]) arrays[11],
            (String[]) arrays[10],
            (Integer[]) arrays[2]);
      }
    }
  }

  private static Written read(
      ResultSet rows,
      String streamId,
      List<? extends EventEnvelope<?>> events,
      byte[][] payloads,
      String[] contentTypes,
      Integer[] schemaVersions)
      throws SQLException {
    List<RecordedEvent> recorded = new ArrayList<>(events.size());
    boolean replayed = false;
    int i = 0;
    while (rows.next()) {
      replayed = rows.getBoolean(1);
      long version = rows.getLong(2);
      EventEnvelope<?> event = events.get(i);
      EventEnvelope<byte[]> envelope =
          new EventEnvelope<>(
              event.eventId(),
              event.eventType(),
              event.aggregateType(),
              event.aggregateId(),
              version,
              event.occurredAt(),
              payloads[i],
              event.correlationId(),
              event.causationId(),
              event.traceparent(),
              event.headers());
      recorded.add(
          new RecordedEvent(
              streamId,
              version,
              new Checkpoint(rows.getLong(3), rows.getLong(4)),
              schemaVersions[i],
              rows.getObject(5, OffsetDateTime.class).toInstant(),
              contentTypes[i],
              envelope));
      i++;
    }
    if (i == 0) {
      return null;
    }
    if (i != events.size()) {
      throw new EventStoreException(
          "append to stream '"
              + Streams.clip(streamId)
              + "' returned "
              + i
              + " rows for "
              + events.size()
              + " events");
    }
    return new Written(recorded, replayed);
  }

  static void validate(String streamId, List<? extends EventEnvelope<?>> events) {
    Streams.requireStreamId(streamId);
    if (events == null || events.isEmpty()) {
      throw new IllegalArgumentException(
          "append to stream '" + Streams.clip(streamId) + "' needs at least one event");
    }
    Set<UUID> seen = new HashSet<>();
    for (EventEnvelope<?> event : events) {
      if (!seen.add(event.eventId())) {
        throw new IllegalArgumentException(
            "append to stream '"
                + Streams.clip(streamId)
                + "' carries event id "
                + event.eventId()
                + " twice; every event needs its own id");
      }
    }
  }

  /** The recorded events of one append, and whether it was a replay of an earlier one. */
  record Written(List<RecordedEvent> events, boolean replayed) {
    AppendResult result(String streamId) {
      RecordedEvent first = events.get(0);
      RecordedEvent last = events.get(events.size() - 1);
      return new AppendResult(
          streamId,
          first.streamVersion(),
          last.streamVersion(),
          last.checkpoint().transactionId(),
          first.checkpoint().position(),
          last.checkpoint().position(),
          replayed);
    }
  }
}

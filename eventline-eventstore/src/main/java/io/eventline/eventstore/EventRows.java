package io.eventline.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.core.EventEnvelope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Maps event rows to {@link RecordedEvent}s, upcasting payloads on the way. */
final class EventRows {
  /** The columns every event query selects, in this order; the table is aliased {@code e}. */
  static final String COLUMNS =
      "e.global_position, e.transaction_id::text::bigint, e.stream_id, e.stream_version,"
          + " e.event_id, e.event_type, e.schema_version, e.aggregate_type, e.aggregate_id,"
          + " e.occurred_at, e.recorded_at, e.correlation_id, e.causation_id, e.traceparent,"
          + " e.headers::text, e.content_type, e.payload";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private final ChainedUpcasters upcasters;

  EventRows(ChainedUpcasters upcasters) {
    this.upcasters = upcasters;
  }

  List<RecordedEvent> all(ResultSet rows) throws SQLException {
    List<RecordedEvent> events = new ArrayList<>();
    while (rows.next()) {
      events.add(one(rows));
    }
    return events;
  }

  RecordedEvent one(ResultSet rows) throws SQLException {
    String streamId = rows.getString(3);
    long version = rows.getLong(4);
    String eventType = rows.getString(6);
    int schemaVersion = rows.getInt(7);
    byte[] payload = rows.getBytes(17);
    if (upcasters.needsUpcast(eventType, schemaVersion)) {
      payload = upcasters.upcast(eventType, schemaVersion, payload, streamId, version);
      schemaVersion = upcasters.currentVersion(eventType);
    }
    EventEnvelope<byte[]> envelope =
        new EventEnvelope<>(
            rows.getObject(5, UUID.class),
            eventType,
            rows.getString(8),
            rows.getString(9),
            version,
            rows.getObject(10, OffsetDateTime.class).toInstant(),
            payload,
            rows.getString(12),
            rows.getString(13),
            rows.getString(14),
            headers(rows.getString(15)));
    return new RecordedEvent(
        streamId,
        version,
        new Checkpoint(rows.getLong(2), rows.getLong(1)),
        schemaVersion,
        rows.getObject(11, OffsetDateTime.class).toInstant(),
        rows.getString(16),
        envelope);
  }

  static String headersJson(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event headers cannot be written as JSON", e);
    }
  }

  private static Map<String, String> headers(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, HEADERS);
    } catch (JsonProcessingException e) {
      throw new EventStoreException("stored event headers are not a JSON object of strings", e);
    }
  }
}

package io.eventline.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.core.EventEnvelope;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code headers} column: envelope metadata plus the free headers, as a flat JSON object. */
final class Headers {
  static final String CORRELATION_ID = "correlation_id";
  static final String CAUSATION_ID = "causation_id";
  static final String TRACEPARENT = "traceparent";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Headers() {}

  static String toJson(EventEnvelope<?> event) {
    Map<String, String> all = new LinkedHashMap<>(event.headers());
    all.put(CORRELATION_ID, event.correlationId());
    if (event.causationId() != null) {
      all.put(CAUSATION_ID, event.causationId());
    }
    if (event.traceparent() != null) {
      all.put(TRACEPARENT, event.traceparent());
    }
    try {
      return JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw new OutboxException("cannot encode the headers of event " + event.eventId(), e);
    }
  }

  /** Parses the column; values that are not strings are kept as their JSON text. */
  static Map<String, String> fromJson(String json) throws JsonProcessingException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return headers;
    }
    Map<String, Object> raw = JSON.readValue(json, MAP);
    if (raw == null) {
      return headers;
    }
    for (Map.Entry<String, Object> entry : raw.entrySet()) {
      Object value = entry.getValue();
      if (value != null) {
        headers.put(
            entry.getKey(), value instanceof String text ? text : JSON.writeValueAsString(value));
      }
    }
    return headers;
  }
}

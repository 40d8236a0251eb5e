package io.eventline.outbox;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.core.EventEnvelope;
import java.io.IOException;
import java.io.StringWriter;
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
    StringWriter out = new StringWriter(64 + 48 * all.size());
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      json.writeStartObject();
      for (Map.Entry<String, String> header : all.entrySet()) {
        json.writeStringField(header.getKey(), header.getValue());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new OutboxException("cannot encode the headers of event " + event.eventId(), e);
    }
    return out.toString();
  }

  /** Parses the column; values that are not strings are kept as their JSON text. */
  static Map<String, String> fromJson(String json) throws JsonProcessingException {
    Map<String, String> headers = new LinkedHashMap<>();
    if (json == null || json.isBlank() || "{}".equals(json)) {
      return headers;
    }
    // read for every event relayed: a flat object of strings (what Eventline writes) streams
    // straight into the map; anything else takes the general path below
    try (JsonParser parser = JSON.getFactory().createParser(json)) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.VALUE_NULL) {
        return headers;
      }
      if (token == JsonToken.START_OBJECT) {
        boolean flat = true;
        while (flat && parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          token = parser.nextToken();
          if (token == JsonToken.VALUE_STRING) {
            headers.put(name, parser.getText());
          } else if (token == JsonToken.VALUE_NULL) {
            headers.remove(name);
          } else {
            flat = false;
          }
        }
        if (flat && parser.currentToken() == JsonToken.END_OBJECT) {
          return headers;
        }
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("reading headers from a string", e);
    }
    headers.clear();
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

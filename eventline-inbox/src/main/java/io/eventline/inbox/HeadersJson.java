package io.eventline.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code headers} column of a dead letter: the free headers as a flat JSON object. */
final class HeadersJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};

  private HeadersJson() {}

  static String write(Map<String, String> headers) {
    try {
      return JSON.writeValueAsString(headers == null ? Map.of() : headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always encodes as JSON", e);
    }
  }

  static Map<String, String> read(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, String> headers = JSON.readValue(json, MAP);
      return headers == null ? Map.of() : headers;
    } catch (JsonProcessingException e) {
      return Map.of("eventline.unreadable-headers", Texts.clip(json, 1_000));
    }
  }
}

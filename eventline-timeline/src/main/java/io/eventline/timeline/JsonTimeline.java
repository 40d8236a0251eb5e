package io.eventline.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON rendering: {@code {correlationId, entries, causation}}. */
final class JsonTimeline {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private JsonTimeline() {}

  static String render(Timeline timeline) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("correlationId", timeline.correlationId());
    document.put(
        "entries",
        timeline.entries().stream()
            .map(
                entry -> {
                  Map<String, Object> out = JSON.convertValue(entry, MAP);
                  java.time.Duration delay = Delays.delay(timeline, entry);
                  out.put("sinceWrittenMillis", delay == null ? null : delay.toMillis());
                  return out;
                })
            .toList());
    document.put("causation", timeline.causationTree().stream().map(JsonTimeline::node).toList());
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the timeline as JSON", e);
    }
  }

  private static Map<String, Object> node(Timeline.Node node) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eventId", node.event().eventId());
    out.put("eventType", node.event().eventType());
    out.put("service", node.event().service());
    List<Map<String, Object>> caused = node.caused().stream().map(JsonTimeline::node).toList();
    out.put("caused", caused);
    return out;
  }
}

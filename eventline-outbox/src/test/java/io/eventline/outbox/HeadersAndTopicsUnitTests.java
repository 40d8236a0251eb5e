package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.eventline.core.EventEnvelope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersAndTopicsUnitTests {
  @Test
  void headersWrittenByTheWriterReadBackAsTheyWere() throws JsonProcessingException {
    EventEnvelope<String> event =
        EventEnvelope.builder()
            .eventId(java.util.UUID.randomUUID())
            .correlationId("c-1")
            .occurredAt(java.time.Instant.now())
            .eventType("order.placed")
            .aggregate("order", "42")
            .headers(Map.of("tenant", "acme \"north\" \u00e9\u2603", "empty", ""))
            .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .payload("{}")
            .build();
    Map<String, String> read = Headers.fromJson(Headers.toJson(event));

    assertThat(read)
        .containsEntry("tenant", "acme \"north\" \u00e9\u2603")
        .containsEntry("empty", "")
        .containsEntry(Headers.CORRELATION_ID, event.correlationId())
        .containsEntry(Headers.TRACEPARENT, event.traceparent())
        .hasSize(4);
  }

  @Test
  void headersWrittenByOtherWritersAreReadToo() throws JsonProcessingException {
    assertThat(Headers.fromJson(null)).isEmpty();
    assertThat(Headers.fromJson("")).isEmpty();
    assertThat(Headers.fromJson("{}")).isEmpty();
    assertThat(Headers.fromJson("null")).isEmpty();
    assertThat(Headers.fromJson("{ \"a\" : \"1\", \"gone\": null }"))
        .containsExactly(entry("a", "1"));
    // values that are not strings keep their JSON text, whatever their position
    assertThat(
            Headers.fromJson("{\"a\": \"1\", \"n\": 5, \"o\": {\"x\": [1, true]}, \"z\": \"2\"}"))
        .containsExactly(
            entry("a", "1"), entry("n", "5"), entry("o", "{\"x\":[1,true]}"), entry("z", "2"));
    assertThatThrownBy(() -> Headers.fromJson("{\"a\": "))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void topicNamesFollowKafkasRule() {
    assertThat(Topics.isValid("orders")).isTrue();
    assertThat(Topics.isValid("Orders.v2_eu-west")).isTrue();
    assertThat(Topics.isValid("a".repeat(249))).isTrue();
    assertThat(Topics.isValid("a".repeat(250))).isFalse();
    assertThat(Topics.isValid(null)).isFalse();
    assertThat(Topics.isValid("")).isFalse();
    assertThat(Topics.isValid(".")).isFalse();
    assertThat(Topics.isValid("..")).isFalse();
    assertThat(Topics.isValid("...")).isTrue();
    for (String bad : new String[] {"or ders", "orders/eu", "ordérs", "orders\n", "a:b", "a*"}) {
      assertThat(Topics.isValid(bad)).as(bad).isFalse();
    }
    assertThatThrownBy(() -> Topics.requireValid("bad topic\u0007"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad topic?'");
  }

  private static Map.Entry<String, String> entry(String key, String value) {
    return Map.entry(key, value);
  }
}

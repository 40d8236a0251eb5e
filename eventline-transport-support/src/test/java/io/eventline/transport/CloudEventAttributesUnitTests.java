package io.eventline.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventAttributesUnitTests {
  final EventEnvelope<byte[]> event =
      EventFactory.create()
          .event("order.placed", "order", "42", 3L, "{}", Map.of("tenant", "acme"))
          .withPayload("{}".getBytes(StandardCharsets.UTF_8));

  static String wire(String attribute) {
    return "x-" + attribute;
  }

  @Test
  void anEventRoundTrips() {
    Map<String, String> attributes = CloudEventAttributes.of(event, "/tests", "application/json");

    EventEnvelope<byte[]> back =
        CloudEventAttributes.toEvent(
            attributes,
            event.headers(),
            event.payload(),
            CloudEventAttributesUnitTests::wire,
            null);

    assertThat(back).usingRecursiveComparison().isEqualTo(event);
  }

  @Test
  void unreadableEventsAreRefusedNamingTheWireAttribute() {
    Map<String, String> attributes = CloudEventAttributes.of(event, "/tests", "application/json");
    assertThatThrownBy(() -> decode(without(attributes, "id")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("the required attribute x-id is missing");
    assertThatThrownBy(() -> decode(with(attributes, "id", "42")))
        .hasMessageContaining("x-id '42' is not a UUID");
    assertThatThrownBy(() -> decode(with(attributes, "specversion", "0.3")))
        .hasMessageContaining("x-specversion is '0.3', expected 1.0");
    assertThatThrownBy(() -> decode(with(attributes, "aggregateversion", "-1")))
        .hasMessageContaining("is not a non-negative number");
    assertThatThrownBy(() -> decode(with(attributes, "time", "yesterday")))
        .hasMessageContaining("is not an RFC 3339 time");
    assertThatThrownBy(() -> decode(with(attributes, "type", "x".repeat(9_000))))
        .hasMessageContaining("x-type is longer than 8192");
  }

  @Test
  void thePartitionIsFnv1aOfTheIdModuloTheCount() {
    assertThat(PartitionKey.of("a", 1_000)).isEqualTo(220); // FNV-1a("a") = 0xe40c292c
    for (int i = 0; i < 1_000; i++) {
      assertThat(PartitionKey.of("agg-" + i, 8)).isBetween(0, 7);
    }
  }

  private EventEnvelope<byte[]> decode(Map<String, String> attributes) {
    return CloudEventAttributes.toEvent(
        attributes, Map.of(), event.payload(), CloudEventAttributesUnitTests::wire, null);
  }

  private static Map<String, String> without(Map<String, String> attributes, String name) {
    Map<String, String> copy = new HashMap<>(attributes);
    copy.remove(name);
    return copy;
  }

  private static Map<String, String> with(
      Map<String, String> attributes, String name, String value) {
    Map<String, String> copy = new HashMap<>(attributes);
    copy.put(name, value);
    return copy;
  }
}

package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The producer settings that keep per-aggregate order and durability cannot be changed. */
class KafkaTransportSettingsUnitTests {

  @Test
  void acksIdempotenceAndTransactionsAreFixed() {
    for (String[] setting :
        new String[][] {
          {"acks", "1"}, {"acks", "all"}, {"enable.idempotence", "false"}, {"transactional.id", "t"}
        }) {
      assertThatThrownBy(
              () -> KafkaTransport.builder("localhost:9092").property(setting[0], setting[1]))
          .as(setting[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + setting[0] + "' is fixed by Eventline");
      assertThatThrownBy(
              () ->
                  KafkaTransport.builder("localhost:9092")
                      .properties(Map.of(setting[0], setting[1])))
          .as(setting[0] + " in a map")
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void requestsInFlightStayWithinWhatIdempotenceAllows() {
    for (String value : new String[] {"0", "6", "10", "x", ""}) {
      assertThatThrownBy(
              () ->
                  KafkaTransport.builder("localhost:9092")
                      .property("max.in.flight.requests.per.connection", value))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be 1 to 5");
    }
    for (String value : new String[] {"1", "5"}) {
      assertThatCode(
              () ->
                  KafkaTransport.builder("localhost:9092")
                      .property("max.in.flight.requests.per.connection", value)
                      .property("linger.ms", "5")
                      .property("compression.type", "zstd"))
          .as(value)
          .doesNotThrowAnyException();
    }
  }
}

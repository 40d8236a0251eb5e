package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventBusBuilderUnitTests {

  @Test
  void maxDepthMustBeBetween1And1024() {
    assertThatThrownBy(() -> EventBus.builder().maxDepth(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EventBus.maxDepth must be in [1, 1024] but was 0");
    assertThatThrownBy(() -> EventBus.builder().maxDepth(1025))
        .hasMessage("EventBus.maxDepth must be in [1, 1024] but was 1025");
    EventBus.builder().maxDepth(1).maxDepth(1024).build().close();
  }

  @Test
  void closeTimeoutMustNotBeNegative() {
    assertThatThrownBy(() -> EventBus.builder().closeTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EventBus.closeTimeout must be >= 0 but was PT-0.001S");
    assertThatThrownBy(() -> EventBus.builder().closeTimeout(null))
        .hasMessage("EventBus.closeTimeout must be >= 0 but was null");
  }

  @Test
  void nameMustNotBeBlank() {
    assertThatThrownBy(() -> EventBus.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EventBus.name may not be blank");
    try (EventBus bus = EventBus.builder().name("orders").build()) {
      assertThat(bus).hasToString("EventBus[orders, 0 handlers]");
    }
  }

  @Test
  void collaboratorsMustNotBeNull() {
    assertThatThrownBy(() -> EventBus.builder().transactions(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("EventBus.transactions may not be null");
    assertThatThrownBy(() -> EventBus.builder().executor(null))
        .hasMessage("EventBus.executor may not be null");
    assertThatThrownBy(() -> EventBus.builder().errorListener(null))
        .hasMessage("EventBus.errorListener may not be null");
  }

  @Test
  void defaultsToThirtyTwoLevels() {
    try (EventBus bus = EventBus.create()) {
      assertThat(bus).hasToString("EventBus[eventline-bus, 0 handlers]");
    }
  }
}

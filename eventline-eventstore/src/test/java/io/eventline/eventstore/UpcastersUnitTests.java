package io.eventline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpcastersUnitTests {
  @Test
  void currentVersionIsOnePlusTheChainLength() {
    Upcasters upcasters =
        Upcasters.builder().register("a.done", 1, n -> n).register("a.done", 2, n -> n).build();
    assertThat(upcasters.currentVersion("a.done")).isEqualTo(3);
    assertThat(upcasters.currentVersion("b.done")).isEqualTo(1);
    assertThat(Upcasters.none().currentVersion("a.done")).isEqualTo(1);
  }

  @Test
  void refusesGapsDuplicatesAndBadVersions() {
    assertThatThrownBy(() -> Upcasters.builder().register("a.done", 2, n -> n).build())
        .hasMessageContaining("a.done have a gap: no upcaster from version 1");
    assertThatThrownBy(
            () -> Upcasters.builder().register("a.done", 1, n -> n).register("a.done", 1, n -> n))
        .hasMessageContaining("two upcasters for a.done from version 1");
    assertThatThrownBy(() -> Upcasters.builder().register("a.done", 0, n -> n))
        .hasMessageContaining("fromVersion must be >= 1 but was 0");
  }
}

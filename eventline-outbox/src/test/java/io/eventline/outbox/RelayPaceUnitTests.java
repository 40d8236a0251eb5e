package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayPaceUnitTests {
  private static final long MS = 1_000_000L;

  @Test
  void aWorkerIsBusyOnlyOnceAWindowOfAtLeast100MsCameFasterThanTheThreshold() {
    RelayWorker.Pace pace = new RelayWorker.Pace(200);
    assertThat(pace.claimed(5, 0)).as("no window closed yet").isFalse();
    assertThat(pace.claimed(5, 50 * MS)).isFalse();
    // 10 + 15 rows in 100 ms = 250/s
    assertThat(pace.claimed(15, 100 * MS)).isTrue();
    assertThat(pace.claimed(1, 150 * MS)).as("busy until the next window closes").isTrue();
    // 1 + 10 rows in 100 ms = 110/s
    assertThat(pace.claimed(10, 200 * MS)).isFalse();
  }

  @Test
  void threeEmptyClaimsInARowEndBusinessAndStartAFreshWindow() {
    RelayWorker.Pace pace = new RelayWorker.Pace(200);
    pace.claimed(100, 0);
    assertThat(pace.claimed(100, 100 * MS)).isTrue();
    assertThat(pace.claimed(0, 101 * MS)).isTrue();
    assertThat(pace.claimed(0, 102 * MS)).isTrue();
    assertThat(pace.claimed(0, 103 * MS)).isFalse();
    // the rows before the quiet spell do not count again: 5 rows in the next 100 ms = 50/s
    assertThat(pace.claimed(5, 203 * MS)).isFalse();
  }

  @Test
  void windowsWithoutRowsAreNeverBusyEvenWithAThresholdOfZero() {
    RelayWorker.Pace pace = new RelayWorker.Pace(0);
    pace.claimed(0, 0);
    assertThat(pace.claimed(0, 500 * MS)).isFalse();
    assertThat(pace.claimed(1, 600 * MS)).isTrue();
  }

  @Test
  void theHighestThresholdKeepsEveryWorkerNotified() {
    RelayWorker.Pace pace = new RelayWorker.Pace(Integer.MAX_VALUE);
    pace.claimed(10_000, 0);
    assertThat(pace.claimed(10_000, 100 * MS)).isFalse();
  }
}

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
    assertThat(pace.claimed(0, 150 * MS)).as("busy until the next window closes").isTrue();
    // 0 + 19 rows in 100 ms = 190/s
    assertThat(pace.claimed(19, 200 * MS)).isFalse();
    // exactly the threshold counts: 20 rows in 100 ms
    assertThat(pace.claimed(20, 300 * MS)).isTrue();
  }

  @Test
  void theClaimAfterALongSleepClosesAQuietWindow() {
    RelayWorker.Pace pace = new RelayWorker.Pace(200);
    pace.claimed(100, 0);
    assertThat(pace.claimed(100, 100 * MS)).isTrue();
    // asleep for 5 s, then one claim of 30 rows: 30 rows over 5 s
    assertThat(pace.claimed(30, 5_100 * MS)).isFalse();
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

package io.eventline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UuidV7GeneratorUnitTests {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00.123Z");

  @Test
  void hasVersion7AndTheRfcVariant() {
    UUID id = IdGenerator.uuidV7(Clock.fixed(T0, ZoneOffset.UTC)).newId();

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-.*");
  }

  @Test
  void timePrefixIsTheClocksMillis() {
    MutableClock clock = new MutableClock(T0);
    IdGenerator ids = IdGenerator.uuidV7(clock);

    assertThat(millisOf(ids.newId())).isEqualTo(T0.toEpochMilli());
    clock.set(T0.plusSeconds(3600));
    assertThat(millisOf(ids.newId())).isEqualTo(T0.toEpochMilli() + 3_600_000);
    assertThat(Instant.ofEpochMilli(millisOf(ids.newId()))).isEqualTo("2026-11-26T13:00:00.123Z");
  }

  @Test
  void strictlyIncreasingWithinOneMillisecond() {
    IdGenerator ids = IdGenerator.uuidV7(Clock.fixed(T0, ZoneOffset.UTC));

    UUID first = ids.newId();
    UUID previous = first;
    for (int i = 1; i < 100_000; i++) {
      UUID next = ids.newId();
      assertThat(compare(next, previous)).as("id %d after %s", i, previous).isPositive();
      previous = next;
    }
    assertThat(millisOf(first)).isEqualTo(T0.toEpochMilli());
    // 100k ids overflow the 12-bit counter: the time is borrowed forward, never reused
    assertThat(millisOf(previous)).isGreaterThan(T0.toEpochMilli());
  }

  @Test
  void strictlyIncreasingWhenTheClockGoesBackwards() {
    MutableClock clock = new MutableClock(T0);
    IdGenerator ids = IdGenerator.uuidV7(clock);
    UUID before = ids.newId();

    clock.set(T0.minusSeconds(5));
    UUID after = ids.newId();
    UUID later = ids.newId();

    assertThat(compare(after, before)).isPositive();
    assertThat(compare(later, after)).isPositive();
    assertThat(millisOf(after)).isEqualTo(T0.toEpochMilli());

    clock.set(T0.plusMillis(1));
    assertThat(millisOf(ids.newId())).isEqualTo(T0.toEpochMilli() + 1);
  }

  @Test
  void uniqueAndIncreasingUnderEightThreads() throws Exception {
    IdGenerator ids = IdGenerator.uuidV7(Clock.systemUTC());
    int threads = 8;
    int perThread = 25_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<UUID>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<UUID>> generate =
            () -> {
              start.await();
              List<UUID> mine = new ArrayList<>(perThread);
              for (int i = 0; i < perThread; i++) {
                mine.add(ids.newId());
              }
              return mine;
            };
        results.add(pool.submit(generate));
      }
      Set<UUID> all = new HashSet<>();
      for (Future<List<UUID>> result : results) {
        List<UUID> mine = result.get(60, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertThat(compare(mine.get(i), mine.get(i - 1))).isPositive();
        }
        all.addAll(mine);
      }
      assertThat(all).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long millisOf(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }

  /** The order of the 16 bytes, as a database or a byte-wise sort sees it. */
  private static int compare(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}

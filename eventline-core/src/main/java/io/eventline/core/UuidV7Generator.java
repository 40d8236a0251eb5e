package io.eventline.core;

import java.time.Clock;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUIDv7 with a 12-bit counter in {@code rand_a} (RFC 9562, method 1) and the clock borrowed
 * forward when the counter overflows, so ids from one generator are strictly monotonic.
 *
 * <p>State is one {@code long}: {@code millis << 12 | counter}. Each call takes the larger of the
 * clock reading (counter restarted at a random value below 2048, to leave room) and the previous
 * state plus one, by compare-and-set.
 */
final class UuidV7Generator implements IdGenerator {
  private static final long VERSION_7 = 0x7000L;
  private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

  private final Clock clock;
  private final Random random;
  private final AtomicLong state = new AtomicLong();

  UuidV7Generator(Clock clock, Random random) {
    this.clock = java.util.Objects.requireNonNull(clock, "UuidV7Generator.clock may not be null");
    this.random = random;
  }

  @Override
  public UUID newId() {
    long next;
    long previous;
    do {
      previous = state.get();
      long fresh = (clock.millis() << 12) | random.nextInt(2048);
      next = Math.max(fresh, previous + 1);
      if ((fresh >>> 12) == (previous >>> 12) && fresh > previous) {
        // same millisecond: keep counting up from the previous id rather than jumping randomly
        next = previous + 1;
      }
    } while (!state.compareAndSet(previous, next));
    long millis = next >>> 12;
    long counter = next & 0xFFF;
    long msb = (millis << 16) | VERSION_7 | counter;
    long lsb = VARIANT_RFC | (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
    return new UUID(msb, lsb);
  }
}

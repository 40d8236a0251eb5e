package io.eventline.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: attempt {@code n} waits {@code initial * multiplier^(n-1)},
 * capped at {@code max}, then spread by up to {@code ±jitter} of itself so that failing events of
 * many aggregates do not retry in lockstep.
 *
 * @param initial the first wait, at least 1 ms
 * @param max the longest wait, at least {@code initial}
 * @param multiplier at least 1.0
 * @param jitter a fraction in [0, 1]
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  /** Validates every field; messages name the field and the bad value. */
  public Backoff {
    if (initial == null || initial.toMillis() < 1) {
      throw new IllegalArgumentException(
          "Backoff.initial must be at least 1 ms but was " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "Backoff.max must be at least Backoff.initial (" + initial + ") but was " + max);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("Backoff.multiplier must be >= 1.0 but was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("Backoff.jitter must be in [0, 1] but was " + jitter);
    }
  }

  /** 1 s, doubling, up to 5 min, ±20 % jitter. */
  public static Backoff defaults() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.2);
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
  public long delayMillis(int attempt, RandomGenerator random) {
    double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, max.toMillis());
    double spread = jitter == 0 ? 0 : capped * jitter * (random.nextDouble() * 2 - 1);
    return Math.max(1, Math.round(capped + spread));
  }
}

package io.eventline.core;

import java.time.Clock;
import java.util.UUID;

/**
 * The source of event ids. Inject it (with a {@link Clock}) wherever ids are created, so tests can
 * make ids deterministic.
 */
@FunctionalInterface
public interface IdGenerator {

  /** A new, unique id. */
  UUID newId();

  /**
   * UUIDv7 ids (RFC 9562): the first 48 bits are the Unix time in milliseconds from {@code clock},
   * so ids sort by creation time; within one millisecond they are strictly increasing. Thread-safe.
   * If the clock goes backwards, ids keep increasing from the last one issued.
   */
  static IdGenerator uuidV7(Clock clock) {
    return new UuidV7Generator(clock, new java.security.SecureRandom());
  }

  /** UUIDv7 ids on the system clock. */
  static IdGenerator uuidV7() {
    return uuidV7(Clock.systemUTC());
  }
}

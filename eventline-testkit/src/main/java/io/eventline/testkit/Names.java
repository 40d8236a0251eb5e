package io.eventline.testkit;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names for test databases: {@code el_<hint>_<epoch seconds>_<random>}. The time lets a later run
 * sweep what a crashed run left behind.
 */
final class Names {
  static final String PREFIX = "el_";
  private static final long STALE_AFTER_SECONDS = 6 * 3600;

  private Names() {}

  static String fresh(String hint) {
    String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (clean.length() > 24) {
      clean = clean.substring(clean.length() - 24);
    }
    long now = Clock.systemUTC().millis() / 1000;
    int random = ThreadLocalRandom.current().nextInt(1 << 20);
    return PREFIX + clean + "_" + now + "_" + Integer.toString(random, 36);
  }

  /** Whether {@code name} is one of ours and older than six hours. */
  static boolean isStale(String name) {
    if (!name.startsWith(PREFIX)) {
      return false;
    }
    String[] parts = name.split("_");
    if (parts.length < 4) {
      return false;
    }
    try {
      long created = Long.parseLong(parts[parts.length - 2]);
      return Clock.systemUTC().millis() / 1000 - created > STALE_AFTER_SECONDS;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

package io.eventline.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How long after an event was written (or appended) each later entry of it happened. */
final class Delays {
  private Delays() {}

  /** The time since the event's first entry, such as {@code +1.234s}; empty for that entry. */
  static String sinceWritten(Timeline timeline, TimelineEntry entry) {
    Duration delay = delay(timeline, entry);
    return delay == null ? "" : String.format(Locale.ROOT, "+%.3fs", delay.toNanos() / 1e9);
  }

  static Duration delay(Timeline timeline, TimelineEntry entry) {
    Instant first = null;
    for (TimelineEntry other : timeline.entries()) {
      if (other.eventId().equals(entry.eventId()) && other.at() != null) {
        first = other.at();
        break;
      }
    }
    if (first == null || entry.at() == null || entry.at().equals(first)) {
      return null;
    }
    return Duration.between(first, entry.at());
  }
}

package io.eventline.cli;

import io.eventline.outbox.RelayStatus;
import java.util.Locale;

/** The relay's periodic progress line. */
final class Progress {
  private Progress() {}

  static String line(RelayStatus status, double ratePerSecond, java.time.Instant now) {
    String measured =
        status.probedAt() == null
            ? "not measured yet"
            : String.format(
                Locale.ROOT,
                "measured %.1f s ago",
                java.time.Duration.between(status.probedAt(), now).toMillis() / 1000.0);
    return String.format(
        Locale.ROOT,
        "published %,d (%,.0f/s); table: pending %s%s, retrying %d, dead %d, oldest pending %.1f s"
            + " (%s); partitions %d, batches %,d",
        status.published(),
        ratePerSecond,
        status.pending() < 0 ? "?" : String.format(Locale.ROOT, "%,d", status.pending()),
        status.pendingCapped() ? "+" : "",
        status.retryingInTable(),
        status.deadInTable(),
        status.oldestPendingAge().toMillis() / 1000.0,
        measured,
        status.partitions().size(),
        status.batches());
  }
}

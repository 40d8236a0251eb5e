package io.eventline.outbox;

import java.time.Duration;

/**
 * What happens to a row once it is published: deleted at once in the marking statement, or kept for
 * a while (for the timeline and audits) and then removed in small batches by the relay that owns
 * partition 0, never by one unbounded {@code DELETE}.
 *
 * @param keepFor how long published rows are kept after they were written; zero deletes on publish
 */
public record Retention(Duration keepFor) {

  public Retention {
    if (keepFor == null || keepFor.isNegative()) {
      throw new IllegalArgumentException("Retention.keepFor must be >= 0 but was " + keepFor);
    }
  }

  /** Published rows are deleted in the same statement that would mark them. */
  public static Retention deleteOnPublish() {
    return new Retention(Duration.ZERO);
  }

  /** Published rows are kept for {@code duration}, then purged in batches. */
  public static Retention keep(Duration duration) {
    return new Retention(duration);
  }

  public boolean deletesOnPublish() {
    return keepFor.isZero();
  }
}

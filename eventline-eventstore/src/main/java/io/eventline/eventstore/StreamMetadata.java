package io.eventline.eventstore;

import java.time.Duration;

/**
 * Settings that hide part of a stream from stream reads and aggregate loads. Hidden events stay in
 * the table and in the global feed (which subscribers may already have read); only {@link
 * EventStore#hardDelete(String)} removes rows.
 *
 * @param truncateBefore events with a version below this are hidden (0: none)
 * @param maxAge events recorded longer ago than this are hidden; {@code null}: no limit
 */
public record StreamMetadata(long truncateBefore, Duration maxAge) {
  /** Nothing hidden. */
  public static final StreamMetadata NONE = new StreamMetadata(0, null);

  public StreamMetadata {
    if (truncateBefore < 0) {
      throw new IllegalArgumentException(
          "StreamMetadata.truncateBefore must be >= 0 but was " + truncateBefore);
    }
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException(
          "StreamMetadata.maxAge must be positive or null but was " + maxAge);
    }
  }

  public StreamMetadata withTruncateBefore(long version) {
    return new StreamMetadata(version, maxAge);
  }

  public StreamMetadata withMaxAge(Duration age) {
    return new StreamMetadata(truncateBefore, age);
  }
}

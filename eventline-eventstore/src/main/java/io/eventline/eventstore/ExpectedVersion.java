package io.eventline.eventstore;

/**
 * What the writer believes about a stream when it appends: the optimistic-concurrency check.
 *
 * <p>Stream versions start at 1: the first event of a stream has version 1, and a stream's version
 * is the version of its latest event (0 when it has none). A soft-deleted stream counts as absent
 * for {@link #NO_STREAM} and {@link #STREAM_EXISTS}, but keeps its version number for {@link
 * #exactly(long)}: appending to it continues the numbering.
 *
 * @param value -1 for any, -2 for no stream, -3 for stream exists, or the exact version (>= 0)
 */
public record ExpectedVersion(long value) {
  /** No check: the events go after whatever the stream holds. */
  public static final ExpectedVersion ANY = new ExpectedVersion(-1);

  /** The stream must not exist yet (or must be soft-deleted). */
  public static final ExpectedVersion NO_STREAM = new ExpectedVersion(-2);

  /** The stream must exist and hold at least one event. */
  public static final ExpectedVersion STREAM_EXISTS = new ExpectedVersion(-3);

  public ExpectedVersion {
    if (value < -3) {
      throw new IllegalArgumentException(
          "ExpectedVersion.value must be -1 (any), -2 (no stream), -3 (stream exists) or a version"
              + " >= 0 but was "
              + value);
    }
  }

  /** The stream's latest version must be exactly {@code version} (0: the stream has no events). */
  public static ExpectedVersion exactly(long version) {
    if (version < 0) {
      throw new IllegalArgumentException(
          "ExpectedVersion.exactly(version) needs a version >= 0 but was " + version);
    }
    return new ExpectedVersion(version);
  }

  /** Whether this is an exact version. */
  public boolean isExact() {
    return value >= 0;
  }

  @Override
  public String toString() {
    return switch ((int) Math.max(value, -4)) {
      case -1 -> "ANY";
      case -2 -> "NO_STREAM";
      case -3 -> "STREAM_EXISTS";
      default -> Long.toString(value);
    };
  }
}

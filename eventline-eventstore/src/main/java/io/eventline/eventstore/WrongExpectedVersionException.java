package io.eventline.eventstore;

/**
 * The stream was not at the version the writer expected: someone else appended first, or the stream
 * does (not) exist. Nothing was written. Retry after reading the stream again.
 */
public final class WrongExpectedVersionException extends ConcurrencyConflictException {
  private static final long serialVersionUID = 1L;

  private final ExpectedVersion expected;
  private final long actual;

  WrongExpectedVersionException(
      String streamId, ExpectedVersion expected, long actual, String detail, Throwable cause) {
    super(
        streamId,
        "append to stream '"
            + Streams.clip(streamId)
            + "' expected version "
            + expected
            + " but the stream is at version "
            + actual
            + detail
            + "; nothing was written. Read the stream again, decide again and retry",
        cause);
    this.expected = expected;
    this.actual = actual;
  }

  public ExpectedVersion expected() {
    return expected;
  }

  /** The stream's version when the append was refused (0: no events). */
  public long actual() {
    return actual;
  }
}

package io.eventline.eventstore;

/**
 * Another writer got to the stream first. Retryable: roll the transaction back, read the stream
 * again, decide again, and append in a new transaction. {@link AggregateStore} does this for you.
 *
 * <p>When this is thrown inside a caller's transaction ({@link
 * EventStore#append(java.sql.Connection, String, ExpectedVersion, java.util.List)}), PostgreSQL has
 * aborted that transaction: it must be rolled back.
 */
public abstract sealed class ConcurrencyConflictException extends EventStoreException
    permits WrongExpectedVersionException, TransactionOrderException {
  private static final long serialVersionUID = 1L;

  private final String streamId;

  ConcurrencyConflictException(String streamId, String message, Throwable cause) {
    super(message, cause);
    this.streamId = streamId;
  }

  /** The stream that was contended. */
  public String streamId() {
    return streamId;
  }
}

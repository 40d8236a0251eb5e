package io.eventline.eventstore;

/**
 * What an append wrote.
 *
 * @param streamId the stream
 * @param firstVersion the version of the first event appended
 * @param lastVersion the version of the last event appended: pass it as the expected version of the
 *     next append
 * @param transactionId the transaction that wrote the events
 * @param firstPosition the global position of the first event
 * @param lastPosition the global position of the last event
 * @param replayed true when the same event ids had been appended before (a retried request) and
 *     this result is the original one; nothing was written this time
 */
public record AppendResult(
    String streamId,
    long firstVersion,
    long lastVersion,
    long transactionId,
    long firstPosition,
    long lastPosition,
    boolean replayed) {

  /** The checkpoint of the last event appended. */
  public Checkpoint checkpoint() {
    return new Checkpoint(transactionId, lastPosition);
  }
}

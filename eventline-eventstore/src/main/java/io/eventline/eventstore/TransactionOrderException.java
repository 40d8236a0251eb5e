package io.eventline.eventstore;

/**
 * The appending transaction is older (has a smaller transaction id) than the one that wrote the
 * stream's latest event. Its events would sort before that event in the global feed and break the
 * stream's order there, so the append is refused. This happens when a transaction wrote something
 * early, stayed open while another transaction appended to the same stream and committed, and then
 * appended itself. Retry in a <em>new</em> transaction, which gets a larger id; retrying in the
 * same transaction fails again.
 */
public final class TransactionOrderException extends ConcurrencyConflictException {
  private static final long serialVersionUID = 1L;

  private final long streamTransactionId;
  private final long ownTransactionId;

  TransactionOrderException(
      String streamId, long streamTransactionId, long ownTransactionId, Throwable cause) {
    super(
        streamId,
        "append to stream '"
            + Streams.clip(streamId)
            + "' refused: this transaction ("
            + ownTransactionId
            + ") is older than transaction "
            + streamTransactionId
            + ", which wrote the stream's latest event; its events would sort before that event"
            + " in the global feed. Roll back and retry in a new transaction (and avoid writing"
            + " before appending in long transactions)",
        cause);
    this.streamTransactionId = streamTransactionId;
    this.ownTransactionId = ownTransactionId;
  }

  /** The transaction id of the stream's latest event. */
  public long streamTransactionId() {
    return streamTransactionId;
  }

  /** The refused transaction's id. */
  public long ownTransactionId() {
    return ownTransactionId;
  }
}

package io.eventline.eventstore;

/**
 * A position in the global feed: the writing transaction's id and the event's global position. The
 * feed is ordered by this pair, so a reader that stores the pair of the last event it handled
 * resumes exactly after it, with nothing skipped and nothing repeated.
 *
 * <p>A bare global position is not a safe checkpoint: positions are drawn from a sequence before
 * commit, so a transaction that commits late shows a smaller position than events already read.
 *
 * @param transactionId the PostgreSQL transaction id ({@code xid8}) that wrote the event
 * @param position the event's global position
 */
public record Checkpoint(long transactionId, long position) implements Comparable<Checkpoint> {
  /** Before the first event. */
  public static final Checkpoint START = new Checkpoint(0, 0);

  public Checkpoint {
    if (transactionId < 0 || position < 0) {
      throw new IllegalArgumentException(
          "Checkpoint needs transactionId >= 0 and position >= 0 but was ("
              + transactionId
              + ", "
              + position
              + ")");
    }
  }

  @Override
  public int compareTo(Checkpoint other) {
    int byTransaction = Long.compare(transactionId, other.transactionId);
    return byTransaction != 0 ? byTransaction : Long.compare(position, other.position);
  }

  @Override
  public String toString() {
    return transactionId + "/" + position;
  }
}

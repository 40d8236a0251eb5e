package io.eventline.eventstore;

/**
 * A subscription instance lost its lease (it expired, for instance during a long pause, and another
 * instance took over). Its uncommitted work was rolled back; it stops processing and tries to
 * acquire the lease again.
 */
public final class LeaseLostException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(String subscription, String owner) {
    super(
        "subscription '"
            + subscription
            + "' instance '"
            + owner
            + "' lost its lease (it expired and another instance may own it now); its last batch"
            + " was rolled back. If this repeats, raise leaseDuration above the longest batch");
  }
}

package io.eventline.eventstore;

/**
 * The stream was hard-deleted (erased). Its id stays reserved as a tombstone, so nothing can be
 * appended to it again; use a new stream id.
 */
public final class StreamDeletedException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  StreamDeletedException(String streamId, Throwable cause) {
    super(
        "stream '"
            + Streams.clip(streamId)
            + "' was hard-deleted; its id cannot be reused. Append to a new stream id",
        cause);
  }
}

package io.eventline.eventstore;

import java.util.UUID;

/**
 * An appended event id is already stored, but not as part of the same request (another stream,
 * another version, or only some of the ids). Event ids are global dedupe keys: a retried request
 * must send exactly the same events; new facts need new ids.
 */
public final class DuplicateEventIdException extends EventStoreException {
  private static final long serialVersionUID = 1L;

  private final UUID eventId;

  DuplicateEventIdException(String streamId, UUID eventId, Throwable cause) {
    super(
        "append to stream '"
            + Streams.clip(streamId)
            + "' refused: event id "
            + (eventId == null ? "(one of them)" : eventId)
            + " is already stored elsewhere (another stream, another version, or a partial"
            + " overlap with an earlier append). Resend a retried request unchanged, and give new"
            + " events new ids",
        cause);
    this.eventId = eventId;
  }

  /** The conflicting id, or {@code null} when the database did not say which. */
  public UUID eventId() {
    return eventId;
  }
}

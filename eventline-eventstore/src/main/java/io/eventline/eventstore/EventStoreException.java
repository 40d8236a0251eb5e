package io.eventline.eventstore;

/**
 * An event-store operation failed. The message names the stream or subscription and, where there is
 * one, the fix. Subclasses mark the cases a caller handles differently.
 */
public class EventStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EventStoreException(String message) {
    super(message);
  }

  EventStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

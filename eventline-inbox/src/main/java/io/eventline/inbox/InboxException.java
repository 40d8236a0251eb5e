package io.eventline.inbox;

/** The inbox's own tables could not be read or written; the message names the consumer. */
public final class InboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InboxException(String message, Throwable cause) {
    super(message, cause);
  }

  public InboxException(String message) {
    super(message);
  }
}

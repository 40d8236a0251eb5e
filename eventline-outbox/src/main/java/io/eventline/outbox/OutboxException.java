package io.eventline.outbox;

/** Writing to or reading from the outbox failed; the message names the event or setting. */
public final class OutboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }

  public OutboxException(String message) {
    super(message);
  }
}

package io.eventline.inbox;

/**
 * Thrown by a handler for an event that can never succeed (a reference to something that does not
 * exist, a state the event cannot apply to): the inbox dead-letters it at once instead of retrying.
 * The message is kept as the dead letter's error; say what is wrong and what would fix it.
 */
public class RejectedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RejectedEventException(String message) {
    super(message);
  }

  public RejectedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}

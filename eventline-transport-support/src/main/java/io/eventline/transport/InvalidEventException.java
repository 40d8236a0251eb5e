package io.eventline.transport;

/**
 * A message that is not a well-formed Eventline CloudEvent: a required attribute missing, an id
 * that is not a UUID, an attribute too large. The message names the attribute as it appears on the
 * wire. Consumer runners dead-letter such a message at once, with this reason.
 */
public final class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String reason) {
    super(reason);
  }
}

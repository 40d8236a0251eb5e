package io.eventline.kafka;

/** A consumed record is not a well-formed Eventline CloudEvent; the message says why. */
public final class InvalidCloudEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidCloudEventException(String message) {
    super(message);
  }
}

package io.eventline.nats;

/** The NATS connection is not up; the message was not sent. */
final class NatsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NatsUnavailableException(String message) {
    super(message);
  }
}

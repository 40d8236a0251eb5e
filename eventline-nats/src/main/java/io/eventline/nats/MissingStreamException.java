package io.eventline.nats;

/** No JetStream stream captures the subject, so nothing would store the message. */
final class MissingStreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MissingStreamException(String message) {
    super(message);
  }
}

package io.eventline.rabbitmq;

/** Why RabbitMQ did not take a message, where no client exception says it. */
final class PublishFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  enum Kind {
    /** The exchange does not exist. */
    MISSING_EXCHANGE,
    /** No queue is bound for the routing key: the message was returned. */
    UNROUTABLE,
    /** The broker refused to take responsibility (nack). */
    NACKED
  }

  final Kind kind;

  PublishFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }
}

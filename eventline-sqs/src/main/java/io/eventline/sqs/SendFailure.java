package io.eventline.sqs;

/** Why SQS did not take a message, where no SDK exception says it. */
final class SendFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  enum Kind {
    /** The queue does not exist. */
    MISSING_QUEUE,
    /** The batch entry failed through the sender's fault (invalid content or parameters). */
    ENTRY_REFUSED,
    /** The batch entry failed on SQS's side. */
    ENTRY_FAILED
  }

  final Kind kind;

  SendFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }
}

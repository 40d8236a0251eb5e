package io.eventline.spring;

/**
 * Thrown when an event is written to the outbox with no Spring-managed transaction to join. Writing
 * it anyway would commit it on its own, outside the business transaction it belongs to, so
 * Eventline refuses instead of writing or dropping it.
 */
public class NoTransactionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public NoTransactionException(String message) {
    super(message);
  }
}

package io.eventline.jdbc;

/** A transaction failed with a checked exception; the transaction was rolled back. */
public final class TransactionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TransactionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

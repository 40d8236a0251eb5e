package io.eventline.core;

/**
 * A small SPI through which Eventline learns about the caller's transaction, so it can defer work
 * until commit. {@code eventline-jdbc} implements it for its own transaction scope; the Spring Boot
 * starter implements it on Spring's transaction synchronization.
 *
 * <p>Contract: {@link #afterCommit(Runnable)} may only be called while {@link
 * #isTransactionActive()} is true; the action runs once after the transaction commits (on the
 * committing thread) and never if it rolls back.
 */
public interface TransactionHooks {

  /** Whether the calling thread is inside a transaction that accepts after-commit actions. */
  boolean isTransactionActive();

  /**
   * Runs {@code action} after the current transaction commits; drops it on rollback.
   *
   * @throws IllegalStateException when no transaction is active on the calling thread
   */
  void afterCommit(Runnable action);

  /** Hooks for code that never runs in a transaction: everything happens immediately. */
  static TransactionHooks none() {
    return NoTransactionHooks.INSTANCE;
  }
}

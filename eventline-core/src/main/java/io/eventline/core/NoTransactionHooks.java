package io.eventline.core;

enum NoTransactionHooks implements TransactionHooks {
  INSTANCE;

  @Override
  public boolean isTransactionActive() {
    return false;
  }

  @Override
  public void afterCommit(Runnable action) {
    throw new IllegalStateException(
        "no transaction is active: TransactionHooks.none() never has one");
  }
}

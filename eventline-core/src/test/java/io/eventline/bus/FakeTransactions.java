package io.eventline.bus;

import io.eventline.core.TransactionHooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Transaction hooks driven by the test: {@link #begin()}, then {@link #commit()} or {@link
 * #rollback()}, on one thread. The JDBC scope is tested against a real database in eventline-jdbc.
 */
final class FakeTransactions implements TransactionHooks {
  private final ThreadLocal<List<Runnable>> current = new ThreadLocal<>();

  void begin() {
    if (current.get() != null) {
      throw new IllegalStateException("already in a transaction");
    }
    current.set(new ArrayList<>());
  }

  void commit() {
    List<Runnable> actions = end();
    actions.forEach(Runnable::run);
  }

  void rollback() {
    end();
  }

  int pending() {
    List<Runnable> actions = current.get();
    return actions == null ? 0 : actions.size();
  }

  private List<Runnable> end() {
    List<Runnable> actions = current.get();
    if (actions == null) {
      throw new IllegalStateException("no transaction");
    }
    current.remove();
    return actions;
  }

  @Override
  public boolean isTransactionActive() {
    return current.get() != null;
  }

  @Override
  public void afterCommit(Runnable action) {
    List<Runnable> actions = current.get();
    if (actions == null) {
      throw new IllegalStateException("no transaction");
    }
    actions.add(action);
  }
}

package io.eventline.jdbc;

import io.eventline.core.TransactionHooks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal transaction scope on a {@link DataSource}, for code that does not run under Spring or
 * another transaction manager. {@link #inTransaction} binds one connection to the calling thread
 * for the duration of the work; nested calls on the same thread join that transaction.
 *
 * <p>It implements {@link TransactionHooks}: actions registered with {@link #afterCommit} run on
 * the committing thread after a successful commit, in registration order, and are dropped on
 * rollback. An after-commit action that throws is logged and does not affect the others: the
 * transaction has already committed.
 *
 * <p>Any exception thrown by the work rolls the transaction back and is rethrown (checked ones
 * wrapped in {@link TransactionFailedException}).
 */
public final class JdbcTransactions implements TransactionHooks {
  private static final Logger log = LoggerFactory.getLogger(JdbcTransactions.class);

  private final DataSource dataSource;
  private final ThreadLocal<Scope> current = new ThreadLocal<>();

  private JdbcTransactions(DataSource dataSource) {
    this.dataSource =
        Objects.requireNonNull(dataSource, "JdbcTransactions.dataSource may not be null");
  }

  public static JdbcTransactions of(DataSource dataSource) {
    return new JdbcTransactions(dataSource);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in a transaction, joining the current one on this thread if there is one. */
  public <T> T inTransaction(TransactionalWork<T> work) {
    Scope outer = current.get();
    if (outer != null) {
      return runJoined(outer, work);
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      Scope scope = new Scope(connection);
      current.set(scope);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (Throwable failure) {
        rollback(connection, failure);
        throw rethrow(failure);
      } finally {
        current.remove();
        restore(connection, autoCommit);
      }
      scope.runAfterCommit();
      return result;
    } catch (SQLException e) {
      throw new TransactionFailedException(
          "could not open or close a connection: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in a transaction and returns nothing. */
  public void run(TransactionalWork<?> work) {
    inTransaction(work);
  }

  private static <T> T runJoined(Scope outer, TransactionalWork<T> work) {
    try {
      return work.run(outer.connection);
    } catch (Throwable failure) {
      throw rethrow(failure);
    }
  }

  /** The connection of the current transaction on this thread. */
  public Connection currentConnection() {
    Scope scope = current.get();
    if (scope == null) {
      throw new IllegalStateException(
          "no transaction is active on this thread: call this inside JdbcTransactions.inTransaction");
    }
    return scope.connection;
  }

  @Override
  public boolean isTransactionActive() {
    return current.get() != null;
  }

  @Override
  public void afterCommit(Runnable action) {
    Scope scope = current.get();
    if (scope == null) {
      throw new IllegalStateException(
          "afterCommit needs an active transaction: call it inside JdbcTransactions.inTransaction");
    }
    scope.afterCommit.add(Objects.requireNonNull(action, "afterCommit action may not be null"));
  }

  private static void rollback(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private static void restore(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      log.warn("could not restore auto-commit on a connection returned to the pool", e);
    }
  }

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new TransactionFailedException("transaction rolled back: " + failure, failure);
  }

  private static final class Scope {
    final Connection connection;
    final List<Runnable> afterCommit = new ArrayList<>(2);

    Scope(Connection connection) {
      this.connection = connection;
    }

    void runAfterCommit() {
      for (Runnable action : afterCommit) {
        try {
          action.run();
        } catch (RuntimeException e) {
          log.error("an after-commit action failed; the transaction itself had committed", e);
        }
      }
    }
  }
}

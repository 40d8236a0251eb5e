package io.eventline.bench.eventstore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * The smallest correct JDBC transaction manager for Axon outside Spring: a transaction binds one
 * pooled connection to the thread; inside it, Axon's connection requests get that connection (its
 * close() ignored); outside, they get a pooled auto-commit connection.
 */
final class ThreadBoundTransactions implements TransactionManager, ConnectionProvider {
  private final DataSource dataSource;
  private final ThreadLocal<Connection> bound = new ThreadLocal<>();

  ThreadBoundTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Transaction startTransaction() {
    if (bound.get() != null) {
      return new Transaction() {
        @Override
        public void commit() {}

        @Override
        public void rollback() {}
      };
    }
    try {
      Connection connection = dataSource.getConnection();
      connection.setAutoCommit(false);
      bound.set(connection);
      return new Transaction() {
        @Override
        public void commit() {
          finish(connection, true);
        }

        @Override
        public void rollback() {
          finish(connection, false);
        }
      };
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start a transaction: " + e.getMessage(), e);
    }
  }

  private void finish(Connection connection, boolean commit) {
    bound.remove();
    try (connection) {
      if (commit) {
        connection.commit();
      } else {
        connection.rollback();
      }
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("transaction end failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = bound.get();
    if (connection == null) {
      return dataSource.getConnection();
    }
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                return null;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}

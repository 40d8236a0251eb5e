package io.eventline.spring;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The connection of the current Spring-managed transaction, for writers that must commit with it:
 * refuses (with {@link NoTransactionException}, nothing written) when there is no transaction, when
 * it is read-only, or when it does not manage {@code dataSource}.
 */
final class TransactionConnection {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private TransactionConnection() {}

  /**
   * Runs {@code work} on the transaction's connection. {@code what} names what would be written,
   * {@code call} the method the application called, both for the messages.
   */
  static <T> T run(DataSource dataSource, String what, String call, Work<T> work)
      throws SQLException {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new NoTransactionException(
          "no Spring transaction is active, so "
              + what
              + " was not written: call "
              + call
              + " from a @Transactional method or a TransactionTemplate, so that it commits"
              + " together with the change it describes");
    }
    if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      throw new NoTransactionException(
          "the current Spring transaction is read-only, so "
              + what
              + " was not written: remove readOnly = true from the @Transactional that surrounds"
              + " this call");
    }
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      if (connection.getAutoCommit()) {
        throw new NoTransactionException(
            "the Spring transaction in progress does not manage the DataSource Eventline writes"
                + " to, so "
                + what
                + " was not written: use the transaction manager of that DataSource (with several"
                + " DataSources, name it in @Transactional(transactionManager = ...))");
      }
      return work.run(connection);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }
}

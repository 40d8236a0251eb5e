package io.eventline.inbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One transaction on a pooled connection: rolled back on close unless committed, with auto-commit
 * restored before the connection goes back to the pool.
 */
final class Transaction implements AutoCloseable {
  final Connection connection;
  private final boolean autoCommit;
  private boolean finished;

  private Transaction(Connection connection, boolean autoCommit) {
    this.connection = connection;
    this.autoCommit = autoCommit;
  }

  static Transaction begin(DataSource dataSource) throws SQLException {
    Connection connection = dataSource.getConnection();
    try {
      boolean autoCommit = connection.getAutoCommit();
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      return new Transaction(connection, autoCommit);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  void commit() throws SQLException {
    connection.commit();
    finished = true;
  }

  /** Rolls back; a failure to do so is attached to {@code cause} (or dropped). */
  void rollback(Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
    finished = true;
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!finished) {
        rollback(null);
      }
      if (autoCommit) {
        connection.setAutoCommit(true);
      }
    } finally {
      connection.close();
    }
  }
}

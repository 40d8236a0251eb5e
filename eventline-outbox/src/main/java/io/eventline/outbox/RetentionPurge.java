package io.eventline.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Deletes published rows older than the retention period, in batches of at most 1,000 rows, each
 * its own short transaction, for at most one second per run.
 */
final class RetentionPurge {
  static final int BATCH = 1_000;
  private static final long BUDGET_NANOS = 1_000_000_000L;

  private final DataSource dataSource;
  private final OutboxSql sql;
  private final Retention retention;

  RetentionPurge(DataSource dataSource, OutboxSql sql, Retention retention) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.retention = retention;
  }

  /** Returns how many rows were deleted. */
  long run() throws SQLException {
    if (retention.deletesOnPublish()) {
      return 0;
    }
    long deleted = 0;
    long start = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement purge = connection.prepareStatement(sql.purgePublished())) {
      while (System.nanoTime() - start < BUDGET_NANOS) {
        purge.setLong(1, retention.keepFor().toMillis());
        purge.setInt(2, BATCH);
        int rows = purge.executeUpdate();
        deleted += rows;
        if (rows < BATCH) {
          break;
        }
      }
    }
    return deleted;
  }
}

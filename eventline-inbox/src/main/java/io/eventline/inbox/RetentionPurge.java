package io.eventline.inbox;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Deletes one consumer's marks older than the dedupe window (keeping those of open dead letters),
 * its ordering-guard rows and its replayed dead letters as old, in batches of at most 1,000 rows,
 * each its own short transaction, for at most about one second per run: never one unbounded {@code
 * DELETE}.
 */
final class RetentionPurge {
  static final int BATCH = 1_000;
  private static final long BUDGET_NANOS = 1_000_000_000L;

  private final DataSource dataSource;

  RetentionPurge(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Returns the number of marks deleted. */
  long run(InboxSql sql, String consumer, Instant cutoff) throws SQLException {
    long deadline = System.nanoTime() + BUDGET_NANOS;
    long marks = delete(sql, sql.purgeMarks(), consumer, cutoff, deadline);
    delete(sql, sql.purgeVersions(), consumer, cutoff, deadline);
    delete(sql, sql.purgeReplayed(), consumer, cutoff, deadline);
    return marks;
  }

  private long delete(
      InboxSql sql, String statement, String consumer, Instant cutoff, long deadline)
      throws SQLException {
    long deleted = 0;
    try (Transaction tx = Transaction.begin(dataSource);
        PreparedStatement delete = tx.connection.prepareStatement(statement)) {
      while (true) {
        delete.setString(1, consumer);
        sql.bindInstant(delete, 2, cutoff);
        delete.setInt(3, BATCH);
        int rows = delete.executeUpdate();
        tx.connection.commit();
        deleted += rows;
        if (rows < BATCH || System.nanoTime() >= deadline) {
          break;
        }
      }
      tx.commit();
    }
    return deleted;
  }
}

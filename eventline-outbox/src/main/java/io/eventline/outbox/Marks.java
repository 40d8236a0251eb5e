package io.eventline.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Writes a batch's outcome: published rows in one statement, failures and dead rows in one JDBC
 * batch. Every statement checks that this instance still holds the row's partition lease, so an
 * instance that lost a partition cannot mark what the new owner is working on.
 */
final class Marks {
  private final OutboxSql sql;
  private final Retention retention;
  private final Backoff backoff;
  private final int maxAttempts;
  private final RandomGenerator random;

  Marks(
      OutboxSql sql,
      Retention retention,
      Backoff backoff,
      int maxAttempts,
      RandomGenerator random) {
    this.sql = sql;
    this.retention = retention;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.random = random;
  }

  /**
   * Marks (or deletes) the published rows; returns how many the lease check let through. {@code
   * tokens}: the fencing tokens of the batch's claim, indexed by partition.
   */
  int published(Connection connection, String owner, long[] tokens, List<Long> positions)
      throws SQLException {
    if (positions.isEmpty()) {
      return 0;
    }
    String statement =
        retention.deletesOnPublish()
            ? sql.deletePublished(positions.size())
            : sql.markPublished(positions.size());
    try (PreparedStatement mark = connection.prepareStatement(statement)) {
      int next = sql.bindList(connection, mark, 1, "int8", positions);
      mark.setString(next, owner);
      sql.bindTokens(connection, mark, next + 1, tokens);
      return mark.executeUpdate();
    }
  }

  /** Charges one attempt to each failed row, and marks dead the rows that were refused. */
  void failures(
      Connection connection,
      String owner,
      long[] tokens,
      List<BatchPublisher.Failure> failed,
      List<BatchPublisher.Failure> dead)
      throws SQLException {
    if (!failed.isEmpty()) {
      try (PreparedStatement mark = connection.prepareStatement(sql.markFailed())) {
        for (BatchPublisher.Failure failure : failed) {
          int attempt = failure.row().attempts() + 1;
          mark.setInt(1, maxAttempts);
          mark.setLong(2, backoff.delayMillis(attempt, random));
          mark.setString(3, failure.error());
          mark.setLong(4, failure.row().position());
          mark.setString(5, owner);
          sql.bindTokens(connection, mark, 6, tokens);
          mark.addBatch();
        }
        mark.executeBatch();
      }
    }
    if (!dead.isEmpty()) {
      try (PreparedStatement mark = connection.prepareStatement(sql.markDead())) {
        for (BatchPublisher.Failure failure : dead) {
          mark.setString(1, failure.error());
          mark.setLong(2, failure.row().position());
          mark.setString(3, owner);
          sql.bindTokens(connection, mark, 4, tokens);
          mark.addBatch();
        }
        mark.executeBatch();
      }
    }
  }

  int maxAttempts() {
    return maxAttempts;
  }
}

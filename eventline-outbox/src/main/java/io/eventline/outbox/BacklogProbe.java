package io.eventline.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Measures the backlog for status and metrics on a schedule, so a metrics scrape never runs a
 * query: the pending count is capped (a bounded scan of the pending index), the oldest pending row
 * is the first entry of that index, dead and retrying rows come from the small blocking index.
 */
final class BacklogProbe {
  static final int PENDING_CAP = 100_000;

  private final OutboxSql sql;
  private final Clock clock;

  BacklogProbe(OutboxSql sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  RelayCounters.Probe measure(Connection connection) throws SQLException {
    long pending = count(connection, sql.countPendingCapped(), PENDING_CAP);
    Instant oldest = oldest(connection);
    Instant now = clock.instant();
    Duration age =
        oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
    return new RelayCounters.Probe(
        pending,
        pending >= PENDING_CAP,
        age,
        count(connection, sql.countDead(), -1),
        count(connection, sql.countRetrying(), -1),
        now);
  }

  private Instant oldest(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql.oldestPending());
        ResultSet row = select.executeQuery()) {
      return row.next() ? sql.readInstant(row, 1) : null;
    }
  }

  private static long count(Connection connection, String query, int cap) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(query)) {
      if (cap > 0) {
        select.setInt(1, cap);
      }
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    }
  }
}

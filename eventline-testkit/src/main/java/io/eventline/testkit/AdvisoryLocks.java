package io.eventline.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What PostgreSQL advisory locks a session holds, for tests of lock-based protocols. */
public final class AdvisoryLocks {
  private AdvisoryLocks() {}

  /** The advisory locks granted to {@code connection}'s own session in shared mode. */
  public static int sharedHeldBy(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND pid = pg_backend_pid() AND mode = 'ShareLock' AND granted")) {
      row.next();
      return row.getInt(1);
    }
  }
}

package io.eventline.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL only: which partitions ask their writers for a NOTIFY. A worker about to sleep arms
 * its partitions by taking their advisory locks exclusively on this relay's one arming connection;
 * the outbox trigger notifies only when it cannot take the partition's lock shared (schema V2). A
 * busy worker disarms, so writers commit without the cluster-wide NOTIFY lock, and polls instead.
 *
 * <p>Arming fails for a partition while a writer that did not notify is still open (it holds the
 * lock shared): the worker must then keep polling until that writer is done. When the connection
 * fails, every lock is gone at once; the armed sets are cleared and every worker is woken to arm
 * again, so a lost connection costs one extra claim per worker, never a missed row.
 */
final class WakeArming implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String SPACE = "SELECT hashtext('eventline_outbox:' || current_schema())";
  private static final String ARM =
      "SELECT p FROM unnest(?::int4[]) AS p WHERE NOT pg_try_advisory_lock(?, p)";
  private static final String DISARM =
      "SELECT count(*) FROM unnest(?::int4[]) AS p WHERE pg_advisory_unlock(?, p)";

  private final DataSource dataSource;
  private final Wakeups wakeups;
  private final String owner;
  private final Map<Integer, Set<Integer>> armed = new HashMap<>();
  private Connection connection;
  private int space;
  private boolean closed;

  WakeArming(DataSource dataSource, Wakeups wakeups, String owner) {
    this.dataSource = dataSource;
    this.wakeups = wakeups;
    this.owner = owner;
  }

  /**
   * What one call to {@link #arm} did.
   *
   * @param fresh whether it armed a partition that was not armed before; the caller must then claim
   *     once more, since a writer may have committed between its last claim and the arming
   * @param refused partitions a writer that did not notify is still open on; the caller must not
   *     sleep long on them
   */
  record Armed(boolean fresh, Set<Integer> refused) {}

  /**
   * Arms {@code partitions} for {@code worker} and disarms the partitions it armed before and no
   * longer serves.
   */
  synchronized Armed arm(int worker, Collection<Integer> partitions) {
    Set<Integer> mine = armed.computeIfAbsent(worker, w -> new HashSet<>());
    try {
      List<Integer> stale = new ArrayList<>(mine);
      stale.removeAll(partitions);
      release(mine, stale);
      List<Integer> wanted = new ArrayList<>(partitions);
      wanted.removeAll(mine);
      if (wanted.isEmpty()) {
        return new Armed(false, Set.of());
      }
      Set<Integer> refused = new HashSet<>();
      Connection held = connection();
      try (PreparedStatement arm = held.prepareStatement(ARM)) {
        arm.setArray(1, held.createArrayOf("int4", wanted.toArray()));
        arm.setInt(2, space);
        try (ResultSet rows = arm.executeQuery()) {
          while (rows.next()) {
            refused.add(rows.getInt(1));
          }
        }
      }
      wanted.removeAll(refused);
      mine.addAll(wanted);
      return new Armed(!wanted.isEmpty(), refused);
    } catch (SQLException e) {
      lost(e);
      return new Armed(false, Set.copyOf(partitions));
    }
  }

  /** Disarms every partition {@code worker} armed: their writers stop notifying. */
  synchronized void disarm(int worker) {
    Set<Integer> mine = armed.get(worker);
    if (mine == null || mine.isEmpty()) {
      return;
    }
    try {
      release(mine, List.copyOf(mine));
    } catch (SQLException e) {
      lost(e);
    }
  }

  private void release(Set<Integer> mine, List<Integer> partitions) throws SQLException {
    if (partitions.isEmpty()) {
      return;
    }
    Connection held = connection();
    try (PreparedStatement disarm = held.prepareStatement(DISARM)) {
      disarm.setArray(1, held.createArrayOf("int4", partitions.toArray()));
      disarm.setInt(2, space);
      disarm.execute(); // the count only makes the unlocks run
    }
    partitions.forEach(mine::remove);
  }

  private Connection connection() throws SQLException {
    if (closed) {
      throw new SQLException("the relay is closing");
    }
    if (connection == null) {
      Connection fresh = dataSource.getConnection();
      try (Statement statement = fresh.createStatement()) {
        if (!fresh.getAutoCommit()) {
          fresh.setAutoCommit(true);
        }
        try (ResultSet row = statement.executeQuery(SPACE)) {
          row.next();
          space = row.getInt(1);
        }
      } catch (SQLException e) {
        closeQuietly(fresh);
        throw e;
      }
      connection = fresh;
    }
    return connection;
  }

  private void lost(SQLException e) {
    boolean hadLocks = armed.values().stream().anyMatch(set -> !set.isEmpty());
    release();
    if (!closed) {
      log.warn(
          "relay {}: the wake-up arming connection failed ({}); workers poll until it is back",
          owner,
          e.getMessage());
      if (hadLocks) {
        wakeups.signalAll();
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    release();
  }

  /**
   * Drops every lock and hands the connection back. The locks are the session's, and a pool keeps
   * the session: they must be released before the connection goes back, or writers would go on
   * notifying and other relays could not arm those partitions.
   */
  private void release() {
    armed.clear();
    if (connection != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_unlock_all()");
      } catch (SQLException gone) {
        // a broken session took its locks with it
      }
    }
    closeQuietly(connection);
    connection = null;
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing is all that is left to do
    }
  }
}

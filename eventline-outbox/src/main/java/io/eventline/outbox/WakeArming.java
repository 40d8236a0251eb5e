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
 * busy worker disarms, so its writers commit without the cluster-wide NOTIFY lock.
 *
 * <p>Arming fails for a partition while a writer that did not notify is still open (it holds the
 * lock shared): the worker must then keep polling until that writer is done. The locks live as long
 * as the arming session: when it fails, or may have died (the LISTEN connection reconnected, the
 * periodic {@link #check()} failed), the armed sets are cleared and every worker is woken to arm
 * again. After a failure no new session is opened for a second; meanwhile arming reports every
 * partition refused, so workers poll.
 */
final class WakeArming implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final long RETRY_NANOS = 1_000_000_000L;
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
  private long failedAt;
  private boolean failing;

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
   * @param refused partitions the caller must not sleep long on: a writer that did not notify is
   *     still open on each, or the arming session is unavailable
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
      unlock(mine, stale);
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
      unlock(mine, List.copyOf(mine));
    } catch (SQLException e) {
      lost(e);
    }
  }

  /**
   * Confirms that the session holding the locks is alive; when it is not, its locks are gone and
   * the workers are woken to arm again. Run periodically (every backlog probe).
   */
  synchronized void check() {
    if (connection == null || armed.values().stream().allMatch(Set::isEmpty)) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      lost(e);
    }
  }

  /** Forgets every lock and the session, and wakes every worker to arm again. */
  synchronized void reset() {
    dropSession();
    wakeups.signalAll();
  }

  private void unlock(Set<Integer> mine, List<Integer> partitions) throws SQLException {
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
      if (failing && System.nanoTime() - failedAt < RETRY_NANOS) {
        throw new SQLException("the last attempt failed less than a second ago");
      }
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
        fresh.close();
        throw e;
      }
      connection = fresh;
      if (failing) {
        failing = false;
        log.info("relay {}: the wake-up arming connection is back", owner);
      }
    }
    return connection;
  }

  private void lost(SQLException e) {
    boolean hadLocks = armed.values().stream().anyMatch(set -> !set.isEmpty());
    dropSession();
    if (closed) {
      return;
    }
    if (!failing) {
      log.warn(
          "relay {}: the wake-up arming connection failed ({}); workers poll until it is back",
          owner,
          e.getMessage());
    }
    failing = true;
    failedAt = System.nanoTime();
    if (hadLocks) {
      wakeups.signalAll();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropSession();
  }

  /**
   * Drops every lock and hands the connection back. The locks are the session's, and a pool keeps
   * the session: they must be released before the connection goes back, or writers that later get
   * it would never notify and other relays could not arm those partitions. When the release fails
   * the connection is aborted instead, which ends the session and its locks.
   */
  private void dropSession() {
    armed.clear();
    if (connection == null) {
      return;
    }
    Connection held = connection;
    connection = null;
    try (Statement statement = held.createStatement()) {
      statement.execute("SELECT pg_advisory_unlock_all()");
    } catch (SQLException releaseFailed) {
      try {
        held.abort(Runnable::run);
      } catch (SQLException | RuntimeException ignored) {
        // the close below is all that is left to do
      }
    }
    try {
      held.close();
    } catch (SQLException ignored) {
      // closing is all that is left to do
    }
  }
}

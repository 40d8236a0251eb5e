package io.eventline.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds this instance's fair share of partition leases, on database time.
 *
 * <p>Each round, in one transaction: heartbeat the instance row, extend the leases still held
 * (those that expired are lost), count live instances, give up partitions above the fair share
 * {@code ceil(32 / live)} (after the worker serving them finished its batch), and take free or
 * expired partitions up to the fair share, each with a new fencing token. Every change is logged in
 * one line.
 */
final class LeaseKeeper {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DataSource dataSource;
  private final OutboxSql sql;
  private final String owner;
  private final long ttlMillis;
  private final OwnedPartitions owned;
  private final RelayCounters counters;

  LeaseKeeper(
      DataSource dataSource,
      OutboxSql sql,
      String owner,
      long ttlMillis,
      OwnedPartitions owned,
      RelayCounters counters) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.owner = owner;
    this.ttlMillis = ttlMillis;
    this.owned = owned;
    this.counters = counters;
  }

  /** One round of heartbeat, renewal, rebalancing and acquisition. */
  void round() throws SQLException {
    List<Integer> surplus;
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        heartbeat(connection);
        Map<Integer, Long> held = renew(connection);
        int live = Math.max(1, liveInstances(connection));
        int fair = (OutboxSql.PARTITIONS + live - 1) / live;
        if (held.size() < fair) {
          held.putAll(acquire(connection, fair - held.size()));
        }
        connection.commit();
        apply(held);
        surplus = surplus(held, fair);
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
    surplus.forEach(owned::markReleasing);
    List<Integer> released = new ArrayList<>();
    for (Integer partition : owned.releasing()) {
      if (releaseIfIdle(partition)) {
        released.add(partition);
      }
    }
    if (!released.isEmpty()) {
      released.sort(null);
      log.info(
          "relay {} released outbox partitions {} to rebalance, now holds {}",
          owner,
          released,
          owned.size());
    }
  }

  private void heartbeat(Connection connection) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(sql.upsertInstance())) {
      upsert.setString(1, owner);
      upsert.setLong(2, ttlMillis);
      upsert.executeUpdate();
    }
  }

  private Map<Integer, Long> renew(Connection connection) throws SQLException {
    List<Integer> mine = new ArrayList<>(owned.snapshot().keySet());
    if (!mine.isEmpty()) {
      try (PreparedStatement extend = connection.prepareStatement(sql.extendLeases(mine.size()))) {
        extend.setLong(1, ttlMillis);
        extend.setString(2, owner);
        sql.bindList(connection, extend, 3, "int4", mine);
        extend.executeUpdate();
      }
    }
    Map<Integer, Long> held = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql.heldLeases())) {
      select.setString(1, owner);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          held.put(rows.getInt(1), rows.getLong(2));
        }
      }
    }
    return held;
  }

  private int liveInstances(Connection connection) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement(sql.countLiveInstances());
        ResultSet row = count.executeQuery()) {
      return row.next() ? row.getInt(1) : 1;
    }
  }

  private Map<Integer, Long> acquire(Connection connection, int wanted) throws SQLException {
    List<Integer> free = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql.selectAcquirable())) {
      select.setInt(1, wanted);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          free.add(rows.getInt(1));
        }
      }
    }
    Map<Integer, Long> taken = new HashMap<>();
    if (free.isEmpty()) {
      return taken;
    }
    try (PreparedStatement take = connection.prepareStatement(sql.takeLeases(free.size()))) {
      take.setString(1, owner);
      take.setLong(2, ttlMillis);
      sql.bindList(connection, take, 3, "int4", free);
      take.executeUpdate();
    }
    try (PreparedStatement select = connection.prepareStatement(sql.heldLeases())) {
      select.setString(1, owner);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (free.contains(rows.getInt(1))) {
            taken.put(rows.getInt(1), rows.getLong(2));
          }
        }
      }
    }
    return taken;
  }

  private void apply(Map<Integer, Long> held) {
    List<Integer> lost = new ArrayList<>();
    for (Integer partition : owned.snapshot().keySet()) {
      if (!held.containsKey(partition)) {
        owned.remove(partition);
        lost.add(partition);
      }
    }
    java.util.SortedMap<Integer, Long> acquired = new java.util.TreeMap<>();
    for (Map.Entry<Integer, Long> lease : held.entrySet()) {
      if (owned.token(lease.getKey()) != lease.getValue()) {
        // new, or lost and taken again since the last round: a new token either way, and batches
        // claimed under the old one can no longer mark
        owned.put(lease.getKey(), lease.getValue());
        acquired.put(lease.getKey(), lease.getValue());
      }
    }
    counters.leaseChanges.add(lost.size() + acquired.size());
    if (!lost.isEmpty()) {
      log.warn(
          "relay {} lost outbox partitions {}: their leases expired before renewal and another"
              + " instance took them over",
          owner,
          lost);
    }
    if (!acquired.isEmpty()) {
      log.info(
          "relay {} acquired outbox partitions {} (fencing tokens {}), now holds {}",
          owner,
          acquired.keySet(),
          acquired.values(),
          owned.size());
    }
  }

  private static List<Integer> surplus(Map<Integer, Long> held, int fair) {
    List<Integer> sorted = new ArrayList<>(held.keySet());
    sorted.sort(null);
    List<Integer> surplus = new ArrayList<>();
    for (int i = sorted.size() - 1; i >= 0 && sorted.size() - surplus.size() > fair; i--) {
      surplus.add(sorted.get(i));
    }
    return surplus;
  }

  /** Gives a partition up if no worker is inside a batch of it; else tries next round. */
  private boolean releaseIfIdle(int partition) throws SQLException {
    if (!owned.tryLock(partition)) {
      return false;
    }
    try {
      releaseInDatabase(List.of(partition));
      owned.remove(partition);
      counters.leaseChanges.increment();
      return true;
    } finally {
      owned.unlock(partition);
    }
  }

  /** Releases every held partition and removes the instance row; used on graceful shutdown. */
  void releaseAll() throws SQLException {
    List<Integer> mine = new ArrayList<>(owned.snapshot().keySet());
    releaseInDatabase(mine);
    owned.clear();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(sql.deleteInstance())) {
      delete.setString(1, owner);
      delete.executeUpdate();
    }
    if (!mine.isEmpty()) {
      counters.leaseChanges.add(mine.size());
      log.info("relay {} released outbox partitions {} on shutdown", owner, mine);
    }
  }

  private void releaseInDatabase(List<Integer> partitions) throws SQLException {
    if (partitions.isEmpty()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement release =
            connection.prepareStatement(sql.releaseLeases(partitions.size()))) {
      release.setString(1, owner);
      sql.bindList(connection, release, 2, "int4", partitions);
      release.executeUpdate();
    }
  }

  void forgetExpiredInstances() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(sql.deleteExpiredInstances())) {
      delete.executeUpdate();
    }
  }
}

package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The lease and checkpoint of one subscription instance, on the database clock. The token changes
 * whenever the owner changes; every checkpoint write checks owner, token and expiry, so an instance
 * that lost its lease cannot commit.
 */
final class SubscriptionLease {
  private static final String CREATE =
      "INSERT INTO eventline_subscriptions (name) VALUES (?) ON CONFLICT (name) DO NOTHING";
  private static final String ACQUIRE =
      "UPDATE eventline_subscriptions SET owner = ?,"
          + " lease_token = CASE WHEN owner IS DISTINCT FROM ? THEN lease_token + 1"
          + "   ELSE lease_token END,"
          + " lease_expires_at = clock_timestamp() + ? * interval '1 millisecond',"
          + " updated_at = clock_timestamp()"
          + " WHERE name = ? AND (owner IS NULL OR owner = ? OR lease_expires_at < clock_timestamp())"
          + " RETURNING lease_token, checkpoint_transaction_id::text::bigint, checkpoint_position";
  private static final String COMMIT =
      "UPDATE eventline_subscriptions SET checkpoint_transaction_id = ?::text::xid8,"
          + " checkpoint_position = ?,"
          + " lease_expires_at = clock_timestamp() + ? * interval '1 millisecond',"
          + " updated_at = clock_timestamp()"
          + " WHERE name = ? AND owner = ? AND lease_token = ?"
          + " AND lease_expires_at > clock_timestamp()";
  private static final String RELEASE =
      "UPDATE eventline_subscriptions SET owner = NULL, lease_expires_at = NULL"
          + " WHERE name = ? AND owner = ? AND lease_token = ?";

  private final String name;
  private final String owner;
  private final long leaseMillis;
  private long token = -1;
  private boolean continued;

  SubscriptionLease(String name, String owner, long leaseMillis) {
    this.name = name;
    this.owner = owner;
    this.leaseMillis = leaseMillis;
  }

  /** Takes or renews the lease; returns the stored checkpoint, or null when another owns it. */
  Checkpoint acquire(Connection connection) throws SQLException {
    try (PreparedStatement create = connection.prepareStatement(CREATE)) {
      create.setString(1, name);
      create.executeUpdate();
    }
    try (PreparedStatement acquire = connection.prepareStatement(ACQUIRE)) {
      acquire.setString(1, owner);
      acquire.setString(2, owner);
      acquire.setLong(3, leaseMillis);
      acquire.setString(4, name);
      acquire.setString(5, owner);
      try (ResultSet row = acquire.executeQuery()) {
        if (!row.next()) {
          token = -1;
          return null;
        }
        long previous = token;
        token = row.getLong(1);
        continued = previous == token;
        return new Checkpoint(row.getLong(2), row.getLong(3));
      }
    }
  }

  /**
   * Stores {@code checkpoint} and renews the lease, in the caller's transaction if there is one.
   *
   * @throws LeaseLostException when this instance no longer owns the lease
   */
  void commit(Connection connection, Checkpoint checkpoint) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(COMMIT)) {
      update.setString(1, Long.toString(checkpoint.transactionId()));
      update.setLong(2, checkpoint.position());
      update.setLong(3, leaseMillis);
      update.setString(4, name);
      update.setString(5, owner);
      update.setLong(6, token);
      if (update.executeUpdate() == 0) {
        token = -1;
        throw new LeaseLostException(name, owner);
      }
    }
  }

  void release(Connection connection) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(RELEASE)) {
      update.setString(1, name);
      update.setString(2, owner);
      update.setLong(3, token);
      update.executeUpdate();
    }
    token = -1;
  }

  boolean held() {
    return token >= 0;
  }

  /**
   * Whether the last {@link #acquire} renewed an unbroken ownership. False when the lease changed
   * hands in between (another instance may have moved the checkpoint): reload it.
   */
  boolean continued() {
    return continued;
  }

  void lost() {
    token = -1;
  }
}

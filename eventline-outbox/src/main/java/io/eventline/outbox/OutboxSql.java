package io.eventline.outbox;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/**
 * The outbox's SQL, written once for PostgreSQL; the MariaDB and H2 subclasses override only what
 * differs (list parameters, JSON casts, time arithmetic, UUID and timestamp binding).
 */
class OutboxSql {
  static final int PARTITIONS = 32;

  static final String COLUMNS =
      "o.position, o.event_id, o.aggregate_type, o.aggregate_id, o.aggregate_version,"
          + " o.event_type, COALESCE(o.topic, o.aggregate_type) AS topic, o.payload, o.headers,"
          + " o.occurred_at, o.attempts, o.partition_no";

  final Dialect dialect;

  OutboxSql(Dialect dialect) {
    this.dialect = dialect;
  }

  static OutboxSql forDialect(Dialect dialect) {
    return switch (dialect.kind()) {
      case POSTGRESQL -> new OutboxSql(dialect);
      case MARIADB -> new MariaDbOutboxSql(dialect);
      case H2 -> new H2OutboxSql(dialect);
    };
  }

  String now() {
    return dialect.now();
  }

  /** {@code now + ? milliseconds}, with the milliseconds as a bind parameter. */
  String nowPlusMillis() {
    return "clock_timestamp() + (? * interval '1 millisecond')";
  }

  String json(String placeholder) {
    return placeholder + "::jsonb";
  }

  String insert() {
    return "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, aggregate_version,"
        + " event_type, topic, payload, headers, occurred_at) VALUES (?, ?, ?, ?, ?, ?, "
        + json("?")
        + ", "
        + json("?")
        + ", ?)";
  }

  /**
   * A condition that {@code column} is one of {@code count} values bound with {@link #bindList}.
   */
  String in(String column, int count) {
    return column + " = ANY(?)";
  }

  int bindList(
      Connection connection,
      PreparedStatement statement,
      int index,
      String type,
      Collection<?> values)
      throws SQLException {
    statement.setArray(index, connection.createArrayOf(type, values.toArray()));
    return index + 1;
  }

  void bindUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
    statement.setObject(index, value);
  }

  UUID readUuid(ResultSet rows, int column) throws SQLException {
    return rows.getObject(column, UUID.class);
  }

  void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    statement.setObject(index, value.atOffset(ZoneOffset.UTC));
  }

  Instant readInstant(ResultSet rows, int column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** Whether the payload column itself guarantees valid JSON ({@code jsonb}, a JSON check). */
  boolean payloadIsCheckedJson() {
    return true;
  }

  /** Whether claims for many partitions run as one statement ({@code LATERAL}). */
  boolean claimsAllPartitionsAtOnce() {
    return true;
  }

  /**
   * Unpublished, ready rows of the given partitions, each partition in position order, skipping any
   * row with an earlier failing or dead row of the same aggregate; the columns of {@link #COLUMNS}.
   * Parameters: partitions, per-partition limit, total limit. On PostgreSQL this is the function
   * {@code eventline_outbox_claim} (schema V3): the same {@code LATERAL} query as {@link
   * #claimOnePartition} per partition, planned with bitmap scans and sorts off, so that a claim
   * reads one batch of the pending index even while the table's statistics still say it is empty.
   */
  String claim() {
    return "SELECT * FROM eventline_outbox_claim(?::int[], ?, ?)";
  }

  /** The per-partition claim for dialects without LATERAL: partition, limit. */
  String claimOnePartition() {
    return "SELECT "
        + COLUMNS
        + " FROM eventline_outbox o WHERE o.partition_no = ? AND "
        + claimable()
        + " ORDER BY o.position LIMIT ?";
  }

  String claimable() {
    return "o.published_at IS NULL AND o.dead_at IS NULL"
        + " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= "
        + now()
        + ") AND NOT EXISTS (SELECT 1 FROM eventline_outbox b WHERE b.aggregate_id = o.aggregate_id"
        + " AND b.aggregate_type = o.aggregate_type AND b.position < o.position"
        + " AND b.published_at IS NULL AND b.attempts > 0)";
  }

  /**
   * The lease condition for the row {@code o}: this instance still owns its partition, under the
   * fencing token it held when it claimed the batch. An expired lease that nobody took over still
   * counts (its token is unchanged): no one else can have published those rows. A lease taken over,
   * or lost and taken again by this instance, has a new token, so a batch claimed before cannot
   * mark. Parameters: owner, then the tokens of {@link #bindTokens}.
   */
  String leaseHeld() {
    return leaseHeld("o.partition_no");
  }

  String leaseHeld(String partition) {
    return "EXISTS (SELECT 1 FROM eventline_outbox_lease l WHERE l.partition_no = "
        + partition
        + " AND l.owner = ? AND l.token = "
        + tokenOf(partition)
        + ")";
  }

  /** The claim's token for {@code partition}, from the parameters of {@link #bindTokens}. */
  String tokenOf(String partition) {
    return "(?::int8[])[" + partition + " + 1]";
  }

  /** Binds the tokens indexed by partition number (-1: not claimed); returns the next index. */
  int bindTokens(Connection connection, PreparedStatement statement, int index, long[] tokens)
      throws SQLException {
    Long[] boxed = new Long[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      boxed[i] = tokens[i];
    }
    statement.setArray(index, connection.createArrayOf("int8", boxed));
    return index + 1;
  }

  String markPublished(int count) {
    return "UPDATE eventline_outbox o SET published_at = "
        + now()
        + " WHERE "
        + in("o.position", count)
        + " AND o.published_at IS NULL AND "
        + leaseHeld();
  }

  String deletePublished(int count) {
    return "DELETE FROM eventline_outbox o WHERE "
        + in("o.position", count)
        + " AND "
        + leaseHeld();
  }

  /**
   * Parameters: max attempts, backoff millis, error, position, owner, tokens. The assignments read
   * {@code attempts} before it is incremented, on every dialect (MariaDB applies SET left to
   * right).
   */
  String markFailed() {
    return "UPDATE eventline_outbox o SET dead_at = CASE WHEN o.attempts + 1 >= ? THEN "
        + now()
        + " ELSE NULL END, next_attempt_at = "
        + nowPlusMillis()
        + ", last_error = ?, attempts = o.attempts + 1 WHERE o.position = ?"
        + " AND o.published_at IS NULL AND "
        + leaseHeld();
  }

  /** Parameters: error, position, owner, tokens. */
  String markDead() {
    return "UPDATE eventline_outbox o SET attempts = o.attempts + 1, last_error = ?, dead_at = "
        + now()
        + " WHERE o.position = ? AND o.published_at IS NULL AND "
        + leaseHeld();
  }

  // ---- leases, on database time ----

  String upsertInstance() {
    return "INSERT INTO eventline_relay_instance (instance_id, expires_at) VALUES (?, "
        + nowPlusMillis()
        + ") ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = "
        + now()
        + ", expires_at = EXCLUDED.expires_at";
  }

  String deleteExpiredInstances() {
    return "DELETE FROM eventline_relay_instance WHERE expires_at < " + now();
  }

  String countLiveInstances() {
    return "SELECT count(*) FROM eventline_relay_instance WHERE expires_at >= " + now();
  }

  String deleteInstance() {
    return "DELETE FROM eventline_relay_instance WHERE instance_id = ?";
  }

  /** Parameter: limit. Free or expired partitions, locked for this transaction. */
  String selectAcquirable() {
    return "SELECT partition_no FROM eventline_outbox_lease WHERE owner IS NULL OR expires_at < "
        + now()
        + " ORDER BY partition_no LIMIT ? FOR UPDATE SKIP LOCKED";
  }

  /** Parameters: owner, millis, partitions. A new fencing token for each partition taken. */
  String takeLeases(int count) {
    return "UPDATE eventline_outbox_lease SET owner = ?, token = token + 1, acquired_at = "
        + now()
        + ", expires_at = "
        + nowPlusMillis()
        + " WHERE "
        + in("partition_no", count);
  }

  /**
   * Parameters: millis, owner, partitions. A lease that expired but was not taken over is still
   * this instance's and is extended (its token unchanged).
   */
  String extendLeases(int count) {
    return "UPDATE eventline_outbox_lease SET expires_at = "
        + nowPlusMillis()
        + " WHERE owner = ? AND "
        + in("partition_no", count);
  }

  /** Parameter: owner. */
  String heldLeases() {
    return "SELECT partition_no, token FROM eventline_outbox_lease WHERE owner = ?";
  }

  /** Parameters: owner, partitions. */
  String releaseLeases(int count) {
    return "UPDATE eventline_outbox_lease SET owner = NULL, expires_at = NULL WHERE owner = ? AND "
        + in("partition_no", count);
  }

  String leaseOwners() {
    return "SELECT partition_no, owner, token, acquired_at, expires_at,"
        + " CASE WHEN expires_at > "
        + now()
        + " THEN 1 ELSE 0 END FROM eventline_outbox_lease ORDER BY partition_no";
  }

  // ---- backlog and retention ----

  String oldestPending() {
    return "SELECT min(created_at) FROM (SELECT created_at FROM eventline_outbox"
        + " WHERE published_at IS NULL AND dead_at IS NULL ORDER BY position LIMIT 1) x";
  }

  /** Counts at most {@code ?} rows, so a huge backlog costs a bounded scan. */
  String countPendingCapped() {
    return "SELECT count(*) FROM (SELECT 1 FROM eventline_outbox WHERE published_at IS NULL"
        + " AND dead_at IS NULL LIMIT ?) x";
  }

  String countDead() {
    return "SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL AND attempts > 0"
        + " AND dead_at IS NOT NULL";
  }

  String countRetrying() {
    return "SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL AND dead_at IS NULL"
        + " AND attempts > 0";
  }

  /** Parameters: millis (age), limit. */
  String purgePublished() {
    return "DELETE FROM eventline_outbox WHERE position IN (SELECT position FROM eventline_outbox"
        + " WHERE created_at < "
        + nowMinusMillis()
        + " AND published_at IS NOT NULL ORDER BY position LIMIT ?)";
  }

  String nowMinusMillis() {
    return "clock_timestamp() - (? * interval '1 millisecond')";
  }

  // ---- operator commands ----

  String selectDead() {
    return "SELECT o.position, o.event_id, o.aggregate_type, o.aggregate_id, o.event_type,"
        + " COALESCE(o.topic, o.aggregate_type), o.attempts, o.last_error, o.created_at, o.dead_at"
        + " FROM eventline_outbox o WHERE o.published_at IS NULL AND o.dead_at IS NOT NULL"
        + " ORDER BY o.position LIMIT ?";
  }

  String retry() {
    return "UPDATE eventline_outbox SET attempts = 0, dead_at = NULL, next_attempt_at = NULL"
        + " WHERE event_id = ? AND published_at IS NULL AND (dead_at IS NOT NULL OR attempts > 0)";
  }

  String retryAll() {
    return "UPDATE eventline_outbox SET attempts = 0, dead_at = NULL, next_attempt_at = NULL"
        + " WHERE published_at IS NULL AND dead_at IS NOT NULL";
  }

  /** Parameters: reason, event id. */
  String skip() {
    return "UPDATE eventline_outbox SET published_at = "
        + now()
        + ", skipped_at = "
        + now()
        + ", last_error = ? WHERE event_id = ? AND published_at IS NULL";
  }

  String findEvent() {
    return "SELECT published_at, dead_at, skipped_at FROM eventline_outbox WHERE event_id = ?";
  }
}

package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.AdvisoryLocks;
import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class PostgresOutboxWriterIntegrationTests extends OutboxWriterContract {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  @Override
  DatabaseExtension database() {
    return db;
  }

  @Override
  String plainSqlInsert(UUID eventId) {
    return "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type, payload)"
        + " VALUES ('"
        + eventId
        + "'::uuid, 'order', '42', 'order.placed', '{\"total\": 10}'::jsonb)";
  }

  @Test
  void aClaimReadsOneBatchNotTheWholeBacklogWhileTheStatisticsAreStale() throws Exception {
    // A backlog written after the table's statistics were taken (or before it ever had any):
    // the planner then guesses the pending rows from the table's size in pages. The claim must
    // still read the pending index in order and stop after the batch, not fetch every pending
    // row of the partition and sort them (the plan PostgreSQL 15 picks for a table this large
    // when it is left to itself). Fill factor 10 makes the heap large with few rows: 20,000 rows
    // take about 20,000 pages, as 200,000 events of 800 bytes would.
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // start from a new, empty table as after migration: rows other tests left dead would be
      // visited first, and a VACUUM would leave statistics this test is not about
      statement.execute("TRUNCATE eventline_outbox");
      statement.execute(
          "ALTER TABLE eventline_outbox SET (autovacuum_enabled = false, fillfactor = 10)");
      try {
        statement.execute(
            "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type,"
                + " payload) SELECT gen_random_uuid(), 'backlog', 'hot', 'backlog.noted',"
                + " jsonb_build_object('n', g, 'pad', repeat('x', 500))"
                + " FROM generate_series(1, 20000) g");
        int partition;
        long heapBlocks;
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT partition_no, pg_relation_size('eventline_outbox') / 8192"
                    + " FROM eventline_outbox WHERE aggregate_id = 'hot' LIMIT 1")) {
          rows.next();
          partition = rows.getInt(1);
          heapBlocks = rows.getLong(2);
        }
        connection.setAutoCommit(false);
        List<ClaimedRow> claimed =
            new Claims(OutboxSql.forDialect(db.database().dialect()))
                .claim(connection, List.of(partition), 10);
        long fetched;
        try (ResultSet rows =
            statement.executeQuery(
                "SELECT pg_stat_get_xact_blocks_fetched('eventline_outbox'::regclass)")) {
          rows.next();
          fetched = rows.getLong(1);
        }
        connection.rollback();
        connection.setAutoCommit(true);

        assertThat(claimed).hasSize(10);
        assertThat(claimed).extracting(ClaimedRow::position).isSorted();
        assertThat(heapBlocks).as("the backlog's size in heap blocks").isGreaterThan(10_000);
        assertThat(fetched).as("heap blocks one 10-row claim fetched").isLessThan(100);
      } finally {
        statement.execute("DELETE FROM eventline_outbox WHERE aggregate_type = 'backlog'");
        statement.execute("ALTER TABLE eventline_outbox RESET (autovacuum_enabled, fillfactor)");
      }
    }
  }

  @Test
  void aCommitNotifiesOnlyWhileARelayWorkerSleepsOnItsPartitionAndARollbackNever()
      throws Exception {
    try (Connection listener = db.dataSource().getConnection();
        Statement statement = listener.createStatement();
        WakeArming arming = new WakeArming(db.dataSource(), new Wakeups(1), "test")) {
      statement.execute("LISTEN " + PgNotifications.CHANNEL);
      PGConnection pg = listener.unwrap(PGConnection.class);
      pg.getNotifications(10);

      commit(events.event("order.placed", "order", "n0", "x"));
      assertThat(count(pg.getNotifications(300))).as("no worker asleep: no NOTIFY").isZero();

      WakeArming.Armed armed = arming.arm(0, allPartitions());
      assertThat(armed.fresh()).isTrue();
      assertThat(armed.refused()).isEmpty();
      try {
        transactions.run(
            connection -> {
              outbox.append(connection, events.event("order.placed", "order", "n1", "x"));
              throw new IllegalStateException("roll back");
            });
      } catch (IllegalStateException expected) {
        // rolled back
      }
      assertThat(count(pg.getNotifications(300))).as("rolled back").isZero();

      var placed = events.event("order.placed", "order", "n2", "x");
      commit(placed);
      PGNotification[] afterCommit = pg.getNotifications(2_000);
      assertThat(afterCommit).isNotNull();
      assertThat(afterCommit[0].getName()).isEqualTo(PgNotifications.CHANNEL);
      assertThat(afterCommit[0].getParameter())
          .isEqualTo(db.database().name() + ":" + row(placed.eventId()).partition());

      arming.disarm(0);
      commit(events.event("order.placed", "order", "n3", "x"));
      assertThat(count(pg.getNotifications(300))).as("disarmed: no NOTIFY").isZero();
    }
  }

  @Test
  void aWriterThatDidNotNotifyKeepsItsPartitionFromBeingArmedUntilItEnds() throws Exception {
    try (WakeArming arming = new WakeArming(db.dataSource(), new Wakeups(1), "test");
        Connection writer = db.dataSource().getConnection()) {
      writer.setAutoCommit(false);
      var open = events.event("order.placed", "order", "open-writer", "x");
      outbox.append(writer, open);
      int partition;
      try (Statement statement = writer.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT partition_no FROM eventline_outbox WHERE event_id = '"
                      + open.eventId()
                      + "'")) {
        row.next();
        partition = row.getInt(1);
      }
      assertThat(AdvisoryLocks.sharedHeldBy(writer)).as("the writer holds the lock shared").isOne();

      WakeArming.Armed refused = arming.arm(0, List.of(partition));
      assertThat(refused.refused()).containsExactly(partition);
      assertThat(refused.fresh()).isFalse();

      writer.commit();
      WakeArming.Armed armed = arming.arm(0, List.of(partition));
      assertThat(armed.refused()).isEmpty();
      assertThat(armed.fresh()).isTrue();
      assertThat(arming.arm(0, List.of(partition)).fresh()).as("armed once").isFalse();
    }
  }

  @Test
  void closingTheArmingReleasesItsLocksBeforeThePoolKeepsTheSession() {
    try (WakeArming second = new WakeArming(db.dataSource(), new Wakeups(1), "second")) {
      WakeArming first = new WakeArming(db.dataSource(), new Wakeups(1), "first");
      assertThat(first.arm(0, List.of(7)).refused()).isEmpty();
      // the second relay's connection is open (it armed another partition) before the first closes
      assertThat(second.arm(0, List.of(8)).refused()).isEmpty();
      assertThat(second.arm(0, List.of(7, 8)).refused()).containsExactly(7);
      first.close();
      assertThat(second.arm(0, List.of(7, 8)).refused()).isEmpty();
    }
  }

  private void commit(io.eventline.core.EventEnvelope<?> event) {
    transactions.run(
        connection -> {
          outbox.append(connection, event);
          return null;
        });
  }

  private static List<Integer> allPartitions() {
    return IntStream.range(0, OutboxSql.PARTITIONS).boxed().toList();
  }

  private static int count(PGNotification[] notifications) {
    return notifications == null ? 0 : notifications.length;
  }
}

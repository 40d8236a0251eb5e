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

package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
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
  void commitNotifiesListenersWithTheSchemaAndRollbackDoesNot() throws Exception {
    try (Connection listener = db.dataSource().getConnection();
        Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + PgNotifications.CHANNEL);
      PGConnection pg = listener.unwrap(PGConnection.class);
      pg.getNotifications(10);

      try {
        transactions.run(
            connection -> {
              outbox.append(connection, events.event("order.placed", "order", "n1", "x"));
              throw new IllegalStateException("roll back");
            });
      } catch (IllegalStateException expected) {
        // rolled back
      }
      PGNotification[] afterRollback = pg.getNotifications(300);
      assertThat(afterRollback == null ? 0 : afterRollback.length).isZero();

      var placed = events.event("order.placed", "order", "n2", "x");
      transactions.run(
          connection -> {
            outbox.append(connection, placed);
            return null;
          });
      PGNotification[] afterCommit = pg.getNotifications(2_000);
      assertThat(afterCommit).isNotNull();
      assertThat(afterCommit[0].getName()).isEqualTo(PgNotifications.CHANNEL);
      assertThat(afterCommit[0].getParameter())
          .isEqualTo(db.database().name() + ":" + row(placed.eventId()).partition());
    }
  }
}

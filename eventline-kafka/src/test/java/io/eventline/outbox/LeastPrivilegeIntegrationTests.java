package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxResult;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.kafka.KafkaTransport;
import io.eventline.kafka.TopicReader;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each component runs as a database role holding only the privileges docs/security.md lists for it:
 * the writer can only insert into the outbox, the relay can only read and mark it (and use its
 * lease tables), the consumer can only use the inbox tables and append follow-ups.
 */
class LeastPrivilegeIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String WRITER = "el_writer_" + SUFFIX;
  static final String RELAY = "el_relay_" + SUFFIX;
  static final String CONSUMER = "el_consumer_" + SUFFIX;
  final EventFactory events = EventFactory.create();

  @BeforeAll
  static void roles() {
    SchemaMigrator.create(db.dataSource()).migrate();
    String schema = db.database().name();
    String all = "GRANT USAGE ON SCHEMA " + schema + " TO ";
    for (String role : List.of(WRITER, RELAY, CONSUMER)) {
      db.database().execute("CREATE ROLE " + role + " LOGIN");
      db.database().execute(all + role);
      db.database().execute("GRANT SELECT ON eventline_schema_version TO " + role);
    }
    db.database().execute("GRANT INSERT ON eventline_outbox TO " + WRITER);
    db.database().execute("GRANT SELECT, UPDATE, DELETE ON eventline_outbox TO " + RELAY);
    db.database().execute("GRANT SELECT, UPDATE ON eventline_outbox_lease TO " + RELAY);
    db.database()
        .execute("GRANT SELECT, INSERT, UPDATE, DELETE ON eventline_relay_instance TO " + RELAY);
    db.database()
        .execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON eventline_inbox, eventline_inbox_aggregate,"
                + " eventline_dead_letter TO "
                + CONSUMER);
    db.database().execute("GRANT INSERT ON eventline_outbox TO " + CONSUMER);
  }

  @AfterAll
  static void dropRoles() {
    for (String role : List.of(WRITER, RELAY, CONSUMER)) {
      try {
        db.database().execute("DROP OWNED BY " + role);
        db.database().execute("DROP ROLE IF EXISTS " + role);
      } catch (IllegalStateException e) {
        // the schema's drop removes what is left
      }
    }
  }

  HikariDataSource as(String role) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(db.jdbcUrl());
    pool.setUsername(role);
    pool.setMaximumPoolSize(8);
    return pool;
  }

  @Test
  void writerRelayAndConsumerWorkWithOnlyTheirPrivileges() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.shared();
    String topic = kafka.freshTopic("order", 3);
    EventEnvelope<Map<String, Integer>> placed =
        events.event("order.placed", topic, "42", Map.of("total", 10));

    try (HikariDataSource writer = as(WRITER);
        HikariDataSource relayPool = as(RELAY);
        HikariDataSource consumer = as(CONSUMER)) {
      JdbcTransactions.of(writer)
          .run(
              connection -> {
                Outbox.create().append(connection, placed);
                return null;
              });
      assertThatThrownBy(() -> update(writer, "UPDATE eventline_outbox SET attempts = 1"))
          .hasMessageContaining("permission denied");

      try (OutboxRelay relay =
          OutboxRelay.builder(relayPool, KafkaTransport.builder(kafka.bootstrapServers()).build())
              .leaseTtl(Duration.ofSeconds(2))
              .probeInterval(Duration.ofMillis(200))
              .build()
              .start()) {
        assertThat(TopicReader.read(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(60)))
            .singleElement()
            .satisfies(r -> assertThat(r.eventId()).isEqualTo(placed.eventId().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().published() == 1);
      }
      assertThatThrownBy(
              () ->
                  update(
                      relayPool,
                      "INSERT INTO eventline_inbox (consumer, event_id,"
                          + " processed_at) VALUES ('x', gen_random_uuid(), now())"))
          .hasMessageContaining("permission denied");

      Inbox inbox = Inbox.builder(consumer).outbox(Outbox.create()).build();
      InboxResult first =
          inbox.handle(
              "payments",
              placed,
              (event, context) ->
                  context.emit(context.events().event("payment.processed", "payment", "42", "ok")));
      InboxResult second = inbox.handle("payments", placed, (event, context) -> {});
      assertThat(first.outcome()).isEqualTo(InboxResult.Outcome.PROCESSED);
      assertThat(second.outcome()).isEqualTo(InboxResult.Outcome.DUPLICATE);
      assertThatThrownBy(() -> update(consumer, "DELETE FROM eventline_outbox"))
          .hasMessageContaining("permission denied");
    }
  }

  static void update(HikariDataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static long count(HikariDataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}

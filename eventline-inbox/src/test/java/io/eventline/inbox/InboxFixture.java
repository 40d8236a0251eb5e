package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.IdGenerator;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Backoff;
import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The shared fixture of the inbox contract: a migrated database with an {@code inbox_effects} table
 * whose rows are the handlers' side effects. It has no unique key, so a handler that ran twice
 * leaves two rows.
 */
abstract class InboxFixture {
  static final String CONSUMER = "payments";
  static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

  final MutableClock clock = new MutableClock(START);
  final EventFactory events = EventFactory.create(clock, IdGenerator.uuidV7(clock));
  final ExecutorService threads = Executors.newCachedThreadPool();
  Inbox inbox;
  InboxAdmin admin;

  abstract DatabaseExtension database();

  @BeforeEach
  void migrate() {
    SchemaMigrator.create(database().dataSource()).migrate();
    for (String table :
        new String[] {
          "eventline_inbox",
          "eventline_inbox_aggregate",
          "eventline_dead_letter",
          "eventline_outbox"
        }) {
      database().database().execute("DELETE FROM " + table);
    }
    database()
        .database()
        .execute(
            "CREATE TABLE IF NOT EXISTS inbox_effects (event_id VARCHAR(36) NOT NULL,"
                + " consumer VARCHAR(100) NOT NULL, note VARCHAR(500))");
    database().database().execute("DELETE FROM inbox_effects");
    inbox = inbox(b -> {});
    admin = InboxAdmin.create(database().dataSource(), clock);
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  Inbox inbox(java.util.function.Consumer<Inbox.Builder> settings) {
    return inbox(database().dataSource(), settings);
  }

  Inbox inbox(
      javax.sql.DataSource dataSource, java.util.function.Consumer<Inbox.Builder> settings) {
    Inbox.Builder builder =
        Inbox.builder(dataSource)
            .clock(clock)
            .events(events)
            .maxAttempts(3)
            .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.0));
    settings.accept(builder);
    return builder.build();
  }

  EventEnvelope<Map<String, Object>> event(String aggregateId) {
    return event(aggregateId, null);
  }

  EventEnvelope<Map<String, Object>> event(String aggregateId, Long version) {
    return events.event(
        "order.placed",
        "order",
        aggregateId,
        version,
        Map.<String, Object>of("total", 10),
        Map.of("tenant", "acme"));
  }

  /** A handler whose side effect is one row in {@code inbox_effects}; counts its calls. */
  static final class Recording<P> implements InboxHandler<P> {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void handle(EventEnvelope<P> event, InboxContext context) throws Exception {
      calls.incrementAndGet();
      effect(context, event.eventId(), "ran");
    }
  }

  static void effect(InboxContext context, UUID eventId, String note) throws SQLException {
    try (PreparedStatement insert =
        context
            .connection()
            .prepareStatement(
                "INSERT INTO inbox_effects (event_id, consumer, note) VALUES (?, ?, ?)")) {
      insert.setString(1, eventId.toString());
      insert.setString(2, context.consumer());
      insert.setString(3, note);
      insert.executeUpdate();
    }
  }

  long effects(UUID eventId) throws SQLException {
    return count("SELECT count(*) FROM inbox_effects WHERE event_id = ?", eventId.toString());
  }

  long count(String sql, String... parameters) throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  long marks() throws SQLException {
    return count("SELECT count(*) FROM eventline_inbox");
  }

  static void assertOutcomes(java.util.List<InboxResult> results, Outcome... expected) {
    assertThat(results).extracting(InboxResult::outcome).containsExactly(expected);
  }
}

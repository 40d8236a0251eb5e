package io.eventline.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Outbox;
import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two services' real outbox tables, one business transaction across them. */
class TimelineIntegrationTests {
  static TestDatabase orders;
  static TestDatabase payments;
  final EventFactory events = EventFactory.create();
  final Outbox outbox = Outbox.create();

  @BeforeAll
  static void databases() {
    PostgresServer server =
        PostgresServer.shared()
            .orElseThrow(
                () -> {
                  Assumptions.abort(
                      "PostgreSQL is not available: " + PostgresServer.unavailableReason());
                  return new IllegalStateException();
                });
    orders = server.createSchema("tl_orders");
    payments = server.createSchema("tl_payments");
    SchemaMigrator.create(orders.dataSource()).migrate();
    SchemaMigrator.create(payments.dataSource()).migrate();
  }

  @AfterAll
  static void drop() {
    if (orders != null) {
      orders.close();
      payments.close();
    }
  }

  @Test
  void rebuildsTheCausationChainAcrossServices() {
    EventEnvelope<Map<String, Integer>> placed =
        events.event("order.placed", "order", "42", Map.of("total", 10));
    EventEnvelope<Map<String, String>> paid =
        events
            .causedBy(placed)
            .event("payment.processed", "payment", "p-42", Map.of("order", "42"));
    EventEnvelope<String> unrelated = events.event("order.placed", "order", "43", "other");
    write(orders, placed, unrelated);
    write(payments, paid);
    orders.execute("UPDATE eventline_outbox SET published_at = now()");

    Timeline timeline =
        Timeline.of(
            placed.correlationId(),
            List.of(
                new TimelineSource("orders", orders.dataSource()),
                new TimelineSource("payments", payments.dataSource())));

    assertThat(timeline.entries())
        .extracting(TimelineEntry::eventId)
        .containsOnly(placed.eventId().toString(), paid.eventId().toString());
    assertThat(timeline.of(placed.eventId().toString()))
        .extracting(TimelineEntry::kind)
        .containsExactly(TimelineEntry.Kind.WRITTEN, TimelineEntry.Kind.PUBLISHED);
    assertThat(timeline.causationTree())
        .singleElement()
        .satisfies(
            root -> {
              assertThat(root.event().eventId()).isEqualTo(placed.eventId().toString());
              assertThat(root.caused())
                  .singleElement()
                  .satisfies(child -> assertThat(child.event().service()).isEqualTo("payments"));
            });
    assertThat(TimelineFormat.TEXT.render(timeline)).contains("payment.processed").contains("└─ ");
    assertThat(
            Timeline.correlationOf(
                paid.eventId().toString(),
                List.of(new TimelineSource("payments", payments.dataSource()))))
        .contains(placed.correlationId());
  }

  private void write(TestDatabase database, EventEnvelope<?>... batch) {
    JdbcTransactions.of(database.dataSource())
        .run(
            connection -> {
              outbox.append(connection, List.of(batch));
              return null;
            });
  }
}

package io.eventline.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.jdbc.SchemaMigrator;
import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A recorded flow across three services' real tables — an order placed, its payment dead-lettered
 * and replayed, two e-mails — rendered as text and JSON and compared with the expected output.
 */
class RecordedFlowIntegrationTests {
  static final String PLACED = "01900000-0000-7000-8000-000000000001";
  static final String PAID = "01900000-0000-7000-8000-000000000002";
  static final String MAIL_1 = "01900000-0000-7000-8000-000000000003";
  static final String MAIL_2 = "01900000-0000-7000-8000-000000000004";
  static final String OTHER = "01900000-0000-7000-8000-000000000009";
  static TestDatabase orders;
  static TestDatabase payments;
  static TestDatabase notifications;

  @BeforeAll
  static void record() {
    PostgresServer server =
        PostgresServer.shared()
            .orElseThrow(
                () -> {
                  Assumptions.abort(
                      "PostgreSQL is not available: " + PostgresServer.unavailableReason());
                  return new IllegalStateException();
                });
    orders = server.createSchema("flow_orders");
    payments = server.createSchema("flow_payments");
    notifications = server.createSchema("flow_notifications");
    for (TestDatabase db : List.of(orders, payments, notifications)) {
      SchemaMigrator.create(db.dataSource()).migrate();
    }
    orders.execute(
        "INSERT INTO eventline_events (stream_id, stream_version, category, event_id, event_type,"
            + " schema_version, aggregate_type, aggregate_id, occurred_at, recorded_at,"
            + " correlation_id, content_type, payload) VALUES ('order-42', 3, 'order', '"
            + PLACED
            + "', 'order.placed', 1, 'order', '42', '2026-11-26T12:00:00Z', '2026-11-26T12:00:00.000Z', '"
            + PLACED
            + "', 'application/json', '\\x7b7d')");
    outbox(orders, PLACED, "order.placed", "order", "42", 3, null, "12:00:00.001", "12:00:00.120");
    outbox(orders, OTHER, "order.placed", "order", "43", 1, OTHER, "12:00:01.000", "12:00:01.050");
    payments.execute(
        "INSERT INTO eventline_dead_letter (consumer, kind, event_id, event_type, aggregate_type,"
            + " aggregate_id, aggregate_version, correlation_id, payload, attempts, error, dead_at,"
            + " replay_requested_at, replayed_at, replay_outcome) VALUES ('payments', 'FAILED', '"
            + PLACED
            + "', 'order.placed', 'order', '42', 3, '"
            + PLACED
            + "', '\\x7b7d', 4, 'the payment provider refused order 42', '2026-11-26T12:00:00.400Z',"
            + " '2026-11-26T12:00:04.900Z', '2026-11-26T12:00:05.000Z', 'PROCESSED')");
    mark(payments, "payments", PLACED, "order.placed", "order", "42", 3L, "12:00:00.400");
    outbox(
        payments,
        PAID,
        "payment.processed",
        "payment",
        "42",
        1,
        PLACED,
        "12:00:05.001",
        "12:00:05.050");
    mark(notifications, "notifications", PLACED, "order.placed", "order", "42", 3L, "12:00:00.300");
    outbox(
        notifications,
        MAIL_1,
        "notification.sent",
        "notification",
        "42",
        null,
        PLACED,
        "12:00:00.301",
        "12:00:00.350");
    mark(
        notifications,
        "notifications",
        PAID,
        "payment.processed",
        "payment",
        "42",
        1L,
        "12:00:05.100");
    outbox(
        notifications,
        MAIL_2,
        "notification.sent",
        "notification",
        "42",
        null,
        PAID,
        "12:00:05.101",
        null);
  }

  @AfterAll
  static void drop() {
    for (TestDatabase db : new TestDatabase[] {orders, payments, notifications}) {
      if (db != null) {
        db.close();
      }
    }
  }

  static void outbox(
      TestDatabase db,
      String id,
      String type,
      String aggregateType,
      String aggregateId,
      Integer version,
      String cause,
      String created,
      String published) {
    db.execute(
        "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, aggregate_version,"
            + " event_type, payload, headers, occurred_at, created_at, published_at) VALUES ('"
            + id
            + "', '"
            + aggregateType
            + "', '"
            + aggregateId
            + "', "
            + version
            + ", '"
            + type
            + "', '{}', '{\"correlation_id\": \""
            + (OTHER.equals(cause) ? OTHER : PLACED)
            + "\""
            + (cause == null || OTHER.equals(cause) ? "" : ", \"causation_id\": \"" + cause + "\"")
            + "}', '2026-11-26T"
            + created
            + "Z', '2026-11-26T"
            + created
            + "Z', "
            + (published == null ? "NULL" : "'2026-11-26T" + published + "Z'")
            + ")");
  }

  static void mark(
      TestDatabase db,
      String consumer,
      String id,
      String type,
      String aggregateType,
      String aggregateId,
      Long version,
      String at) {
    db.execute(
        "INSERT INTO eventline_inbox (consumer, event_id, event_type, aggregate_type, aggregate_id,"
            + " aggregate_version, correlation_id, processed_at) VALUES ('"
            + consumer
            + "', '"
            + id
            + "', '"
            + type
            + "', '"
            + aggregateType
            + "', '"
            + aggregateId
            + "', "
            + version
            + ", '"
            + PLACED
            + "', '2026-11-26T"
            + at
            + "Z')");
  }

  static List<TimelineSource> sources() {
    return List.of(
        new TimelineSource("orders", orders.dataSource()),
        new TimelineSource("payments", payments.dataSource()),
        new TimelineSource("notifications", notifications.dataSource()));
  }

  @Test
  void textMatchesTheRecordedFlow() throws IOException {
    String text = TimelineFormat.TEXT.render(Timeline.of(PLACED, sources()));

    assertThat(text).isEqualToNormalizingNewlines(expected("recorded-flow.txt"));
  }

  @Test
  void jsonMatchesTheRecordedFlow() throws IOException {
    String json = TimelineFormat.JSON.render(Timeline.of(PLACED, sources()));

    assertThat(json).isEqualToNormalizingNewlines(expected("recorded-flow.json"));
  }

  @Test
  void anEventIdOrTheAggregateLeadsToTheSameTransaction() {
    assertThat(Timeline.correlationOf(MAIL_2, sources())).contains(PLACED);

    Timeline byAggregate = Timeline.ofAggregate("order", "42", sources());
    assertThat(byAggregate.entries())
        .extracting(TimelineEntry::eventId)
        .containsOnly(PLACED, PAID, MAIL_1, MAIL_2);
    assertThat(Timeline.ofAggregate("order", "43", sources()).entries())
        .extracting(TimelineEntry::eventId)
        .containsOnly(OTHER);
  }

  static String expected(String name) throws IOException {
    try (InputStream in = RecordedFlowIntegrationTests.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.InvalidEventTypeException;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database dialect must do for the outbox writer. Subclasses supply a real database;
 * each runs the same tests.
 */
abstract class OutboxWriterContract {
  final EventFactory events = EventFactory.create();
  final Outbox outbox = Outbox.create();
  JdbcTransactions transactions;

  abstract DatabaseExtension database();

  /** The one-INSERT contract of docs/outbox.md, in this database's literal syntax. */
  abstract String plainSqlInsert(UUID eventId);

  @BeforeEach
  void migrate() {
    SchemaMigrator.create(database().dataSource()).migrate();
    database().database().execute("DELETE FROM eventline_outbox");
    transactions = JdbcTransactions.of(database().dataSource());
    try {
      database()
          .database()
          .execute("CREATE TABLE IF NOT EXISTS orders (id VARCHAR(64) PRIMARY KEY)");
    } catch (IllegalStateException alreadyThere) {
      // some dialects lack IF NOT EXISTS on tables in older modes
    }
    database().database().execute("DELETE FROM orders");
  }

  /**
   * DESIGN.md, retention: old published rows go in small batches, never one unbounded DELETE, and a
   * row not yet published stays however old it is.
   */
  @Test
  void retentionDeletesOldPublishedRowsInBatchesOfAtMostAThousand() throws Exception {
    List<EventEnvelope<?>> written = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      written.add(events.event("order.placed", "order", "r-" + (i % 50), Map.of("i", i)));
    }
    transactions.run(
        connection -> {
          outbox.append(connection, written);
          return null;
        });
    database().database().execute("UPDATE eventline_outbox SET published_at = created_at");
    EventEnvelope<String> pending = events.event("order.placed", "order", "stuck", "x");
    transactions.run(
        connection -> {
          outbox.append(connection, pending);
          return null;
        });
    Thread.sleep(50); // every row is now older than the 1 ms kept below
    io.eventline.testkit.UpdateCounts counting =
        io.eventline.testkit.UpdateCounts.of(
            database().dataSource(), statement -> statement.startsWith("DELETE"));
    OutboxSql sql;
    try (Connection connection = database().dataSource().getConnection()) {
      sql = OutboxSql.forDialect(io.eventline.jdbc.Dialect.detect(connection));
    }

    RetentionPurge purge =
        new RetentionPurge(
            counting.dataSource(), sql, Retention.keep(java.time.Duration.ofMillis(1)));
    long deleted = 0;
    for (int run = 0; run < 10; run++) { // a run stops after a second (H2 is slow here)
      long rows = purge.run();
      deleted += rows;
      if (rows == 0) {
        break;
      }
    }

    assertThat(deleted).isEqualTo(2_500);
    List<Integer> deletedPerStatement = counting.counts();
    assertThat(deletedPerStatement).allSatisfy(rows -> assertThat(rows).isBetween(0, 1_000));
    assertThat(deletedPerStatement.stream().filter(rows -> rows == 1_000)).hasSize(2);
    assertThat(deletedPerStatement.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_500);
    assertThat(row(pending.eventId()).published).isFalse();
  }

  /**
   * The fencing token: a batch's marks carry the lease tokens of its claim. After the lease moved,
   * or was lost and taken again by the same instance (a new token), the batch marks nothing: not
   * published, not failed, not dead.
   */
  @Test
  void marksOfABatchClaimedUnderAnEarlierLeaseAreRefused() throws Exception {
    List<EventEnvelope<?>> written = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      written.add(events.event("order.placed", "order", "fenced-" + i, Map.of("i", i)));
    }
    transactions.run(
        connection -> {
          outbox.append(connection, written);
          return null;
        });
    database().database().execute("UPDATE eventline_outbox_lease SET owner = 'a', token = 7");
    List<Long> positions = new java.util.ArrayList<>();
    long[] current = new long[OutboxSql.PARTITIONS];
    long[] earlier = new long[OutboxSql.PARTITIONS];
    java.util.Arrays.fill(current, -1);
    java.util.Arrays.fill(earlier, -1);
    List<ClaimedRow> rows = new java.util.ArrayList<>();
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery("SELECT position, partition_no FROM eventline_outbox")) {
      while (row.next()) {
        positions.add(row.getLong(1));
        current[row.getInt(2)] = 7;
        earlier[row.getInt(2)] = 6;
        rows.add(new ClaimedRow(row.getLong(1), row.getInt(2), 0, "k", null, "bad"));
      }
    }
    Marks marks =
        new Marks(
            sqlOf(database().dataSource()),
            Retention.keep(java.time.Duration.ofDays(7)),
            Backoff.defaults(),
            1,
            java.util.random.RandomGenerator.getDefault());
    List<BatchPublisher.Failure> failures =
        rows.stream().map(r -> new BatchPublisher.Failure(r, "refused")).toList();

    try (Connection connection = database().dataSource().getConnection()) {
      assertThat(marks.published(connection, "a", earlier, positions)).isZero();
      assertThat(marks.published(connection, "b", current, positions)).isZero();
      marks.failures(connection, "a", earlier, failures, failures);
    }
    for (EventEnvelope<?> event : written) {
      assertThat(row(event.eventId()).published).isFalse();
    }
    assertThat(count("SELECT count(*) FROM eventline_outbox WHERE attempts > 0")).isZero();

    try (Connection connection = database().dataSource().getConnection()) {
      assertThat(marks.published(connection, "a", current, positions)).isEqualTo(6);
    }
    for (EventEnvelope<?> event : written) {
      assertThat(row(event.eventId()).published).isTrue();
    }
  }

  private static OutboxSql sqlOf(javax.sql.DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return OutboxSql.forDialect(io.eventline.jdbc.Dialect.detect(connection));
    }
  }

  private long count(String query) throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row = connection.createStatement().executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void eventCommitsWithTheCallersTransaction() throws SQLException {
    EventEnvelope<Map<String, Object>> placed =
        events.event("order.placed", "order", "42", Map.of("total", 10));

    transactions.run(
        connection -> {
          connection.createStatement().execute("INSERT INTO orders VALUES ('42')");
          outbox.append(connection, placed);
          return null;
        });

    Row row = row(placed.eventId());
    assertThat(row.eventType).isEqualTo("order.placed");
    assertThat(row.aggregateId).isEqualTo("42");
    assertThat(row.topic).isNull();
    assertThat(row.payload).contains("\"total\"").contains("10");
    assertThat(row.headers).contains(placed.eventId().toString());
    assertThat(row.partition).isBetween(0, 31);
    assertThat(row.published).isFalse();
  }

  @Test
  void rollbackLeavesNoEvent() throws SQLException {
    EventEnvelope<String> placed = events.event("order.placed", "order", "43", "x");

    assertThatThrownBy(
            () ->
                transactions.run(
                    connection -> {
                      connection.createStatement().execute("INSERT INTO orders VALUES ('43')");
                      outbox.append(connection, placed);
                      throw new IllegalStateException("payment check failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(count()).isZero();
  }

  @Test
  void appendsABatchInOrderWithTopicsAndMetadata() throws SQLException {
    EventEnvelope<String> first = events.event("order.placed", "order", "1", "a");
    EventEnvelope<String> second =
        events
            .causedBy(first)
            .event("payment.processed", "payment", "p1", 1L, "b", Map.of("tenant", "acme"));

    transactions.run(
        connection -> {
          outbox.append(connection, List.of(first, second));
          outbox.append(
              connection, "billing.audit", events.event("invoice.paid", "invoice", "9", "c"));
          return null;
        });

    Row a = row(first.eventId());
    Row b = row(second.eventId());
    assertThat(a.position).isLessThan(b.position);
    assertThat(b.headers)
        .contains("\"correlation_id\"")
        .contains(first.eventId().toString())
        .contains("\"causation_id\"")
        .contains("\"tenant\"");
    assertThat(b.version).isEqualTo(1L);
    assertThat(count()).isEqualTo(3);
  }

  @Test
  void plainSqlInsertIsComplete() throws SQLException {
    UUID id = UUID.fromString("01900000-0000-7000-8000-000000000042");

    database().database().execute(plainSqlInsert(id));

    Row row = row(id);
    assertThat(row.eventType).isEqualTo("order.placed");
    assertThat(row.partition).isBetween(0, 31);
    assertThat(row.attempts).isZero();
    assertThat(row.createdAtPresent).isTrue();
    assertThat(row.occurredAtPresent).isTrue();
  }

  @Test
  void sameAggregateAlwaysLandsInTheSamePartition() throws SQLException {
    EventEnvelope<String> one = events.event("order.placed", "order", "same", "1");
    EventEnvelope<String> two = events.event("order.shipped", "order", "same", "2");
    transactions.run(
        connection -> {
          outbox.append(connection, List.of(one, two));
          return null;
        });

    assertThat(row(one.eventId()).partition).isEqualTo(row(two.eventId()).partition);
  }

  @Test
  void duplicateEventIdFailsTheCallersStatement() {
    EventEnvelope<String> placed = events.event("order.placed", "order", "44", "x");
    transactions.run(
        connection -> {
          outbox.append(connection, placed);
          return null;
        });

    assertThatThrownBy(
            () ->
                transactions.run(
                    connection -> {
                      outbox.append(connection, placed);
                      return null;
                    }))
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining(placed.eventId().toString());
  }

  @Test
  void badlyNamedEventsAreRefusedBeforeTheInsert() throws SQLException {
    EventEnvelope<String> bad =
        EventEnvelope.builder()
            .eventId(UUID.randomUUID())
            .eventType("update_order")
            .aggregate("order", "45")
            .occurredAt(java.time.Instant.now())
            .payload("x")
            .build();

    assertThatThrownBy(
            () ->
                transactions.run(
                    connection -> {
                      outbox.append(connection, bad);
                      return null;
                    }))
        .isInstanceOf(InvalidEventTypeException.class)
        .hasMessageContaining("order.updated");
    assertThat(count()).isZero();
  }

  @Test
  void invalidTopicIsRefused() {
    assertThatThrownBy(
            () ->
                transactions.run(
                    connection -> {
                      outbox.append(
                          connection,
                          "bad topic; drop",
                          events.event("order.placed", "order", "1", "x"));
                      return null;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid topic name");
  }

  long count() throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row =
            connection.createStatement().executeQuery("SELECT count(*) FROM eventline_outbox")) {
      row.next();
      return row.getLong(1);
    }
  }

  record Row(
      long position,
      String eventType,
      String aggregateId,
      Long version,
      String topic,
      String payload,
      String headers,
      int partition,
      int attempts,
      boolean published,
      boolean createdAtPresent,
      boolean occurredAtPresent) {}

  Row row(UUID eventId) throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT position, event_type, aggregate_id, aggregate_version, topic, payload,"
                    + " headers, partition_no, attempts, published_at, created_at, occurred_at"
                    + " FROM eventline_outbox WHERE event_id = ?")) {
      OutboxSql.forDialect(database().database().dialect()).bindUuid(select, 1, eventId);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).as("row for event %s", eventId).isTrue();
        long version = rows.getLong(4);
        return new Row(
            rows.getLong(1),
            rows.getString(2),
            rows.getString(3),
            rows.wasNull() ? null : version,
            rows.getString(5),
            rows.getString(6),
            rows.getString(7),
            rows.getInt(8),
            rows.getInt(9),
            rows.getObject(10) != null,
            rows.getObject(11) != null,
            rows.getObject(12) != null);
      }
    }
  }
}

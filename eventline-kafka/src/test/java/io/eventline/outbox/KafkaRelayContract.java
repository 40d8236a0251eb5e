package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.kafka.KafkaTransport;
import io.eventline.kafka.TopicReader;
import io.eventline.kafka.TopicReader.Delivered;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's promises, on a real database and the real Kafka broker, for every dialect. Each
 * subclass supplies the database; the broker is the one shared by the test JVM.
 */
abstract class KafkaRelayContract {
  static final Duration WAIT = Duration.ofSeconds(60);
  final EventFactory events = EventFactory.create();
  final Outbox outbox = Outbox.create();
  final List<OutboxRelay> relays = new ArrayList<>();
  EmbeddedKafka kafka;
  JdbcTransactions transactions;
  String topic;

  abstract DatabaseExtension database();

  @BeforeEach
  void setUp() {
    kafka = EmbeddedKafka.shared();
    SchemaMigrator.create(database().dataSource()).migrate();
    database().database().execute("DELETE FROM eventline_outbox");
    database()
        .database()
        .execute("UPDATE eventline_outbox_lease SET owner = NULL, expires_at = NULL");
    database().database().execute("DELETE FROM eventline_relay_instance");
    transactions = JdbcTransactions.of(database().dataSource());
    topic = kafka.freshTopic("order", 6);
  }

  @AfterEach
  void closeRelays() {
    relays.forEach(OutboxRelay::close);
  }

  OutboxRelay relay(String name, Consumer<OutboxRelay.Builder> settings) {
    return relay(name, transport(), settings);
  }

  KafkaTransport transport() {
    return KafkaTransport.builder(kafka.bootstrapServers()).topicCacheTtl(Duration.ZERO).build();
  }

  OutboxRelay relay(
      String name, OutboxTransport transport, Consumer<OutboxRelay.Builder> settings) {
    return relay(name, database().dataSource(), transport, settings);
  }

  OutboxRelay relay(
      String name,
      javax.sql.DataSource dataSource,
      OutboxTransport transport,
      Consumer<OutboxRelay.Builder> settings) {
    OutboxRelay.Builder builder =
        OutboxRelay.builder(dataSource, transport)
            .instanceId(name + "-" + UUID.randomUUID().toString().substring(0, 6))
            .leaseTtl(Duration.ofMillis(1_500))
            .pollInterval(Duration.ofMillis(50))
            .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.1))
            .maxAttempts(3);
    settings.accept(builder);
    OutboxRelay relay = builder.build();
    relays.add(relay);
    return relay;
  }

  EventEnvelope<Map<String, Object>> event(String aggregateId, int seq) {
    return events.event(
        "order.placed",
        topic,
        aggregateId,
        (long) seq,
        Map.<String, Object>of("seq", seq),
        Map.of());
  }

  void commit(List<? extends EventEnvelope<?>> batch) {
    transactions.run(
        connection -> {
          outbox.append(connection, batch);
          return null;
        });
  }

  List<Delivered> read(int expected) {
    return TopicReader.read(kafka.bootstrapServers(), topic, expected, WAIT);
  }

  long unpublished() throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL")) {
      row.next();
      return row.getLong(1);
    }
  }

  /** The first delivery of every event, per key, must follow the aggregate's sequence. */
  static void assertFirstDeliveriesInOrder(List<Delivered> delivered) {
    Map<String, List<Long>> firstSeen = new LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Delivered record : delivered) {
      if (seen.add(record.eventId())) {
        firstSeen
            .computeIfAbsent(record.key(), k -> new ArrayList<>())
            .add(Long.parseLong(record.header("ce_aggregateversion")));
      }
    }
    firstSeen.forEach(
        (key, versions) -> assertThat(versions).as("first deliveries of %s", key).isSorted());
  }

  @Test
  void commitPublishesAndRollbackPublishesNothing() {
    EventEnvelope<Map<String, Object>> committed = event("42", 1);
    commit(List.of(committed));
    try {
      transactions.run(
          connection -> {
            outbox.append(connection, event("43", 1));
            throw new IllegalStateException("rolled back");
          });
    } catch (IllegalStateException expected) {
      // the second event never existed
    }
    relay("a", s -> {}).start();

    List<Delivered> delivered = read(1);
    // give a wrongly published rolled-back event time to show up
    List<Delivered> again =
        TopicReader.read(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(2));

    assertThat(again).hasSize(1);
    Delivered record = delivered.get(0);
    assertThat(record.key()).isEqualTo("42");
    assertThat(record.eventId()).isEqualTo(committed.eventId().toString());
    assertThat(record.type()).isEqualTo("order.placed");
    assertThat(record.header("ce_specversion")).isEqualTo("1.0");
    assertThat(record.header("ce_subject")).isEqualTo("42");
    assertThat(record.header("ce_aggregatetype")).isEqualTo(topic);
    assertThat(record.header("ce_correlationid")).isEqualTo(committed.correlationId());
    assertThat(record.header("content-type")).isEqualTo("application/json");
    assertThat(record.header("ce_time")).isEqualTo(committed.occurredAt().toString());
    assertThat(record.value()).contains("\"seq\"");
  }

  @Test
  void crashBetweenSendAndMarkLosesNothing() throws Exception {
    List<EventEnvelope<?>> batch = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      batch.add(event("agg-" + (i % 4), i));
    }
    commit(batch);
    GatedTransport gated = new GatedTransport(transport());
    DefaultOutboxRelay crashing = (DefaultOutboxRelay) relay("crashing", gated, s -> {}).start();

    assertThat(read(20)).hasSize(20); // the broker has every record...
    crashing.kill(); // ...and the relay dies before it could mark any
    gated.open();
    gated.close();
    assertThat(unpublished()).isEqualTo(20);

    relay("successor", s -> {}).start();
    await().atMost(WAIT).until(() -> unpublished() == 0);

    List<Delivered> delivered = read(40);
    assertThat(delivered).hasSize(40); // every event twice: at least once, never lost
    assertThat(delivered.stream().map(Delivered::eventId).distinct()).hasSize(20);
    assertFirstDeliveriesInOrder(delivered);
  }

  @Test
  void lateCommittingTransactionIsStillPublished() throws Exception {
    EventEnvelope<Map<String, Object>> early = event("late", 1);
    try (Connection slow = database().dataSource().getConnection()) {
      slow.setAutoCommit(false);
      outbox.append(slow, early); // takes its position first, commits last
      commit(List.of(event("quick", 1), event("quick", 2)));
      relay("a", s -> {}).start();
      assertThat(read(2)).extracting(Delivered::key).containsOnly("quick");
      slow.commit();
    }

    List<Delivered> delivered = read(3);
    assertThat(delivered).extracting(Delivered::eventId).contains(early.eventId().toString());
  }

  @Test
  void plainSqlInsertIsRelayed() {
    UUID id = UUID.randomUUID();
    database().database().execute(plainInsert(id, topic, "sql-7"));

    relay("a", s -> {}).start();

    List<Delivered> delivered = read(1);
    assertThat(delivered)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.eventId()).isEqualTo(id.toString());
              assertThat(r.key()).isEqualTo("sql-7");
              assertThat(r.value()).contains("10");
            });
  }

  abstract String plainInsert(UUID id, String aggregateType, String aggregateId);

  @Test
  void poisonEventFreezesOnlyItsAggregateUntilRetriedOrSkipped() throws Exception {
    String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
    EventEnvelope<String> poison = events.event("order.placed", missing, "p1", 1L, "x", Map.of());
    EventEnvelope<String> frozen = events.event("order.shipped", missing, "p1", 2L, "y", Map.of());
    List<EventEnvelope<?>> healthy = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      healthy.add(event("ok-" + (i % 3), i));
    }
    commit(List.of(poison, frozen));
    commit(healthy);
    OutboxAdmin admin = OutboxAdmin.create(database().dataSource());

    relay("a", s -> {}).start();

    assertThat(read(10)).hasSize(10); // the other aggregates flow
    await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);
    OutboxAdmin.DeadEvent dead = admin.dead(10).get(0);
    assertThat(dead.eventId()).isEqualTo(poison.eventId());
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).contains("does not exist");
    assertThat(admin.status().dead()).isEqualTo(1);
    assertThat(unpublished()).isEqualTo(2); // poison dead, the later event frozen behind it

    kafka.createTopic(missing, 3);
    assertThat(admin.retry(poison.eventId())).isEqualTo(OutboxAdmin.Result.DONE);

    List<Delivered> thawed = TopicReader.read(kafka.bootstrapServers(), missing, 2, WAIT);
    assertThat(thawed)
        .extracting(Delivered::eventId)
        .containsExactly(poison.eventId().toString(), frozen.eventId().toString());
    assertThat(admin.retry(poison.eventId())).isEqualTo(OutboxAdmin.Result.ALREADY_PUBLISHED);
    assertThat(admin.retry(UUID.randomUUID())).isEqualTo(OutboxAdmin.Result.NOT_FOUND);
  }

  @Test
  void skippingADeadEventLetsItsAggregateGoOn() throws Exception {
    String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
    EventEnvelope<String> poison = events.event("order.placed", missing, "s1", 1L, "x", Map.of());
    EventEnvelope<Map<String, Object>> next = event("s1", 2);
    commit(List.of(poison));
    commit(List.of(next)); // same aggregate id, another aggregate type: not held by the poison
    EventEnvelope<String> behind = events.event("order.shipped", missing, "s1", 2L, "y", Map.of());
    commit(List.of(behind));
    OutboxAdmin admin = OutboxAdmin.create(database().dataSource());
    relay("a", s -> {}).start();
    await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);

    kafka.createTopic(missing, 1);
    assertThat(admin.skip(poison.eventId(), "bad routing")).isEqualTo(OutboxAdmin.Result.DONE);

    List<Delivered> delivered = TopicReader.read(kafka.bootstrapServers(), missing, 1, WAIT);
    assertThat(delivered)
        .extracting(Delivered::eventId)
        .containsExactly(behind.eventId().toString());
    assertThat(read(1)).extracting(Delivered::eventId).containsExactly(next.eventId().toString());
    assertThat(admin.skip(poison.eventId(), "again"))
        .isEqualTo(OutboxAdmin.Result.ALREADY_PUBLISHED);
  }

  /**
   * The events behind a dead one are sendable, in the dead event's own batch and in a later
   * transaction: none of them may reach the broker before the dead event is dealt with.
   */
  @Test
  void aDeadEventHoldsBackTheSendableEventsBehindItUntilSkipped() throws Exception {
    String big = "x".repeat(1_100_000); // refused before it is sent: larger than max.request.size
    EventEnvelope<String> dead = events.event("order.placed", topic, "held", 1L, big, Map.of());
    commit(List.of(dead, event("held", 2), event("held", 3)));
    commit(List.of(event("held", 4)));
    commit(List.of(event("other", 1), event("other", 2), event("other", 3)));
    OutboxAdmin admin = OutboxAdmin.create(database().dataSource());

    relay("a", s -> {}).start();

    await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);
    // two seconds of claims every 50 ms (the poll interval) while the dead event stays
    List<Delivered> meanwhile =
        TopicReader.read(kafka.bootstrapServers(), topic, 4, Duration.ofSeconds(2));
    assertThat(meanwhile).extracting(Delivered::key).containsOnly("other").hasSize(3);
    assertThat(unpublished()).isEqualTo(4); // the dead event and the three behind it
    assertThat(admin.status().dead()).isEqualTo(1);

    assertThat(admin.skip(dead.eventId(), "too large")).isEqualTo(OutboxAdmin.Result.DONE);

    List<Delivered> delivered = read(6);
    assertThat(delivered)
        .filteredOn(d -> d.key().equals("held"))
        .extracting(d -> d.header("ce_aggregateversion"))
        .containsExactly("2", "3", "4");
    assertFirstDeliveriesInOrder(delivered);
  }

  @Test
  void oversizedPayloadGoesDeadAtOnceWithTheReason() throws Exception {
    String big = "x".repeat(1_100_000);
    EventEnvelope<String> huge = events.event("order.placed", topic, "big", 1L, big, Map.of());
    commit(List.of(huge, event("small", 1)));
    OutboxAdmin admin = OutboxAdmin.create(database().dataSource());

    relay("a", s -> {}).start();

    assertThat(read(1)).extracting(Delivered::key).containsExactly("small");
    await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);
    assertThat(admin.dead(10).get(0).lastError()).contains("max.request.size");
    assertThat(admin.dead(10).get(0).attempts()).isEqualTo(1);
  }

  @Test
  void hostileRowsGoDeadWithTheReasonAndTheRestFlows() throws Exception {
    String badTopic = UUID.randomUUID().toString();
    String badHeaders = UUID.randomUUID().toString();
    database()
        .database()
        .execute(hostileInsert(badTopic, "h1", "'bad topic; DROP TABLE x'", "'{}'", "'{}'"));
    database().database().execute(hostileInsert(badHeaders, "h2", "NULL", "'[1, 2]'", "'{}'"));
    commit(List.of(event("fine", 1), event("fine", 2)));
    OutboxAdmin admin = OutboxAdmin.create(database().dataSource());

    relay("a", s -> {}).start();

    assertThat(read(2)).extracting(Delivered::key).containsOnly("fine");
    await().atMost(WAIT).until(() -> admin.dead(10).size() == 2);
    assertThat(admin.dead(10))
        .extracting(OutboxAdmin.DeadEvent::lastError)
        .anySatisfy(error -> assertThat(error).contains("invalid topic name"))
        .anySatisfy(error -> assertThat(error).contains("not a valid event"));
  }

  /** An INSERT by hand, with literal topic, headers and payload SQL expressions. */
  String hostileInsert(
      String id, String aggregateId, String topic, String headers, String payload) {
    return "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type, topic,"
        + " headers, payload) VALUES ('"
        + id
        + "', '"
        + topic()
        + "', '"
        + aggregateId
        + "', 'order.placed', "
        + topic
        + ", "
        + headers
        + ", "
        + payload
        + ")";
  }

  String topic() {
    return topic;
  }

  /**
   * docs/outbox.md, "Residual risk": an instance frozen (a long GC pause, a stopped VM) past its
   * lease, with a claimed batch not yet sent, loses its partitions to another instance; when it
   * wakes it sends that batch anyway. The result must be duplicates only: every event delivered,
   * the first delivery of each in per-aggregate order, and the late batch's marking refused.
   */
  @Test
  void aFormerOwnerFrozenPastItsLeaseSendsOnlyDuplicatesAndCannotMarkThem() throws Exception {
    List<EventEnvelope<?>> batch = new ArrayList<>();
    for (int seq = 1; seq <= 10; seq++) {
      for (int a = 0; a < 5; a++) {
        batch.add(event("frozen-" + a, seq));
      }
    }
    commit(batch);
    java.util.concurrent.atomic.AtomicBoolean frozen =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch asleep = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch wake = new java.util.concurrent.CountDownLatch(1);
    KafkaTransport kafkaTransport = transport();
    OutboxTransport freezesOnFirstSend =
        new OutboxTransport() {
          @Override
          public String name() {
            return "freezing";
          }

          @Override
          public java.util.concurrent.CompletableFuture<Void> send(OutboxRecord record) {
            if (frozen.compareAndSet(false, true)) {
              asleep.countDown();
              awaitQuietly(wake);
            }
            return kafkaTransport.send(record);
          }

          @Override
          public FailureKind classify(Throwable failure) {
            return kafkaTransport.classify(failure);
          }

          @Override
          public void close() {
            kafkaTransport.close();
          }
        };
    // while frozen, the instance's lease keeper renews nothing either
    javax.sql.DataSource freezingLeases =
        leaseStatementsWaitWhile(database().dataSource(), () -> asleep.getCount() == 0, wake);
    OutboxRelay former =
        relay("former", freezingLeases, freezesOnFirstSend, s -> s.workers(1).batchSize(100))
            .start();
    assertThat(asleep.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    OutboxRelay successor = relay("successor", s -> {}).start();
    await().atMost(WAIT).until(() -> unpublished() == 0);
    assertThat(successor.status().published()).isEqualTo(50);
    wake.countDown();

    List<Delivered> delivered = read(100); // 50 from the successor, 50 late copies
    assertThat(delivered).hasSize(100);
    assertThat(delivered.stream().map(Delivered::eventId).distinct()).hasSize(50);
    assertFirstDeliveriesInOrder(delivered);
    await().atMost(WAIT).until(() -> former.status().unmarked() == 50);
    assertThat(former.status().published()).isZero();
    assertThat(unpublished()).isZero();
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A data source whose statements on the lease and instance tables wait for {@code wake} while
   * {@code frozen} holds.
   */
  private static javax.sql.DataSource leaseStatementsWaitWhile(
      javax.sql.DataSource dataSource,
      java.util.function.BooleanSupplier frozen,
      java.util.concurrent.CountDownLatch wake) {
    return beforePrepare(
        dataSource,
        (connection, sql) -> {
          if (frozen.getAsBoolean()
              && wake.getCount() > 0
              && (sql.contains("eventline_outbox_lease")
                  || sql.contains("eventline_relay_instance"))) {
            awaitQuietly(wake);
          }
        });
  }

  /** Runs before a statement is prepared on a connection of a wrapped data source. */
  @FunctionalInterface
  interface BeforePrepare {
    void run(Connection connection, String sql) throws Exception;
  }

  /** {@code dataSource} with {@code hook} run before every {@code prepareStatement}. */
  static javax.sql.DataSource beforePrepare(javax.sql.DataSource dataSource, BeforePrepare hook) {
    return wrapConnections(
        dataSource,
        connection ->
            (Connection)
                java.lang.reflect.Proxy.newProxyInstance(
                    KafkaRelayContract.class.getClassLoader(),
                    new Class<?>[] {Connection.class},
                    (proxy, call, args) -> {
                      if (call.getName().equals("prepareStatement")) {
                        hook.run(connection, String.valueOf(args[0]));
                      }
                      return invoke(call, connection, args);
                    }));
  }

  /** {@code dataSource} handing out its connections through {@code wrap}. */
  static javax.sql.DataSource wrapConnections(
      javax.sql.DataSource dataSource, java.util.function.UnaryOperator<Connection> wrap) {
    return (javax.sql.DataSource)
        java.lang.reflect.Proxy.newProxyInstance(
            KafkaRelayContract.class.getClassLoader(),
            new Class<?>[] {javax.sql.DataSource.class},
            (source, method, args) -> {
              Object result = invoke(method, dataSource, args);
              return method.getName().equals("getConnection")
                  ? wrap.apply((Connection) result)
                  : result;
            });
  }

  static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * A partition lost and taken again between two rounds of the lease keeper (a long pause) comes
   * back under a new fencing token: the relay must adopt it, or every later mark would be refused
   * and the same events sent forever.
   */
  @Test
  void aPartitionTakenAgainUnderANewTokenIsServedWithTheNewToken() throws Exception {
    OutboxRelay relay = relay("a", s -> {}).start();
    EventEnvelope<?> first = event("retaken", 1);
    commit(List.of(first));
    assertThat(read(1)).hasSize(1);
    await().atMost(WAIT).until(() -> unpublished() == 0);

    database().database().execute("UPDATE eventline_outbox_lease SET token = token + 1");
    Thread.sleep(1_000); // more than two rounds of the keeper (every third of the 1.5 s lease)
    List<EventEnvelope<?>> later = new ArrayList<>();
    for (int seq = 2; seq <= 20; seq++) {
      later.add(event("retaken", seq));
    }
    commit(later);

    await().atMost(WAIT).until(() -> unpublished() == 0);
    assertThat(relay.status().unmarked()).isZero();
    List<Delivered> delivered = read(20);
    assertThat(delivered).hasSize(20);
    assertFirstDeliveriesInOrder(delivered);
  }

  @Test
  void deleteOnPublishRemovesRows() throws Exception {
    commit(List.of(event("d", 1), event("d", 2)));

    relay("a", s -> s.retention(Retention.deleteOnPublish())).start();

    assertThat(read(2)).hasSize(2);
    await().atMost(WAIT).until(() -> rows() == 0);
  }

  @Test
  void retentionPurgesOldPublishedRowsInBatchesAndNeverUnpublishedOnes() throws Exception {
    List<EventEnvelope<?>> batch = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      batch.add(event("r-" + (i % 50), i));
    }
    commit(batch);
    String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
    commit(List.of(events.event("order.placed", missing, "stuck", 1L, "x", Map.of())));

    relay(
            "a",
            s ->
                s.retention(Retention.keep(Duration.ofMillis(300)))
                    .retentionInterval(Duration.ofMillis(200)))
        .start();

    assertThat(read(1_500)).hasSize(1_500);
    await().atMost(WAIT).until(() -> rows() == 1);
    assertThat(unpublished()).isEqualTo(1); // the failing row is kept, however old
  }

  @Test
  void twoRelaysSplitThePartitionsAndAGracefulStopHandsThemOver() {
    OutboxRelay first = relay("first", s -> {}).start();
    OutboxRelay second = relay("second", s -> {}).start();

    await()
        .atMost(WAIT)
        .until(
            () ->
                first.status().partitions().size() == 16
                    && second.status().partitions().size() == 16);
    assertThat(first.status().partitions().keySet())
        .doesNotContainAnyElementsOf(second.status().partitions().keySet());

    first.close();
    await().atMost(WAIT).until(() -> second.status().partitions().size() == 32);
  }

  long rows() throws SQLException {
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row =
            connection.createStatement().executeQuery("SELECT count(*) FROM eventline_outbox")) {
      row.next();
      return row.getLong(1);
    }
  }
}

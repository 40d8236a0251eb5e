package io.eventline.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.DeadLetter;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxAdmin;
import io.eventline.inbox.InboxContext;
import io.eventline.inbox.InboxHandler;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Backoff;
import io.eventline.outbox.Outbox;
import io.eventline.outbox.OutboxAdmin;
import io.eventline.outbox.OutboxRecord;
import io.eventline.outbox.OutboxRelay;
import io.eventline.outbox.OutboxTransport;
import io.eventline.outbox.OutboxTransport.FailureKind;
import io.eventline.testkit.DatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one contract every transport keeps, on its real broker and a real PostgreSQL: what the relay
 * may rely on when it sends (an acknowledgement means the broker has the message, per-aggregate
 * order, the CloudEvents attributes, size and outage handling) and what the inbox consumer runner
 * does with what arrives (side effects once under duplicate delivery, dead letters with reasons,
 * per-aggregate order where the broker keeps it).
 *
 * <p>A subclass supplies the broker: how to make and remove a destination, build the transport,
 * read messages independently, publish a malformed message, and start its consumer runner. Names
 * must be unique per test run, since the brokers are shared.
 */
@Timeout(120)
public abstract class TransportContract {
  @RegisterExtension
  protected static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  protected static final Duration WAIT = Duration.ofSeconds(60);
  protected final EventFactory events = EventFactory.create();
  private final Outbox outbox = Outbox.create();
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private JdbcTransactions transactions;

  // ---- what a transport supplies ----

  /** A new destination (exchange and queues, stream, queue, topic) for a topic named after base. */
  protected abstract String createTopic(String base);

  /** Removes every destination this test created. */
  protected abstract void deleteTopics();

  /** A topic whose destination does not exist. */
  protected String missingTopic() {
    return "missing-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The transport; {@code maxMessageBytes > 0} lowers its message size limit to that. */
  protected abstract OutboxTransport transport(int maxMessageBytes);

  /** A transport pointed at a port where no broker listens. */
  protected abstract OutboxTransport unreachableTransport();

  /** The name a CloudEvents attribute ({@code id}, {@code type}, ...) has on the wire. */
  protected abstract String wireName(String attribute);

  /** A free (non-CloudEvents) header as the reader sees it. */
  protected String freeHeader(Received message, String name) {
    return message.headers().get(name);
  }

  /**
   * Reads the topic from the beginning with an independent client until {@code expected} messages
   * arrived or {@code wait} passed; messages of one partition in broker order.
   */
  protected abstract List<Received> read(String topic, int expected, Duration wait);

  /**
   * Publishes {@code event} as the transport would, but with the wire attribute for {@code
   * attribute} set to {@code value}, or left out when {@code value} is null.
   */
  protected abstract void publishMalformed(
      String topic, EventEnvelope<byte[]> event, String attribute, String value);

  /** Publishes {@code event} again so that the broker delivers it again (bypassing its dedupe). */
  protected void publishAgain(String topic, EventEnvelope<byte[]> event) {
    publish(topic, event);
  }

  /** Starts the transport's inbox consumer runner on {@code topic}. */
  protected abstract RunningConsumer startConsumer(
      String topic, Inbox inbox, String consumer, InboxHandler<byte[]> handler);

  /** The prefix of the dead letters' source, such as {@code kafka:}. */
  protected abstract String sourcePrefix();

  /** Whether the consumer runner keeps per-aggregate order on this broker configuration. */
  protected boolean keepsConsumerOrder() {
    return true;
  }

  /**
   * Why two instances of one consumer do not keep per-aggregate order on this broker, or {@code
   * null} when they do.
   */
  protected String noOrderAcrossInstances() {
    return null;
  }

  // ---- fixture ----

  @BeforeEach
  void prepareDatabase() {
    SchemaMigrator.create(db.dataSource()).migrate();
    db.database()
        .execute(
            "CREATE TABLE IF NOT EXISTS inbox_effects (event_id VARCHAR(36) NOT NULL,"
                + " aggregate_id VARCHAR(100), version BIGINT)");
    for (String table :
        List.of(
            "inbox_effects",
            "eventline_inbox",
            "eventline_dead_letter",
            "eventline_outbox",
            "eventline_relay_instance")) {
      db.database().execute("DELETE FROM " + table);
    }
    db.database().execute("UPDATE eventline_outbox_lease SET owner = NULL, expires_at = NULL");
    transactions = JdbcTransactions.of(db.dataSource());
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
    closing.clear();
    deleteTopics();
  }

  protected <T extends AutoCloseable> T closeAfter(T resource) {
    closing.add(resource);
    return resource;
  }

  protected EventEnvelope<byte[]> event(String topic, String aggregateId, long version) {
    Map<String, Object> payload = Map.of("seq", version);
    return events
        .event("order.placed", topic, aggregateId, version, payload, Map.of())
        .withPayload(PayloadCodec.json().encode(payload));
  }

  protected static OutboxRecord record(String topic, EventEnvelope<byte[]> event) {
    return new OutboxRecord(0, 0, topic, 0, event);
  }

  /** Sends {@code event} through a fresh transport and waits for the acknowledgement. */
  protected void publish(String topic, EventEnvelope<byte[]> event) {
    publish(topic, List.of(event));
  }

  protected void publish(String topic, List<EventEnvelope<byte[]>> batch) {
    OutboxTransport transport = sharedTransport();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (EventEnvelope<byte[]> event : batch) {
      acks.add(transport.send(record(topic, event)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .orTimeout(60, TimeUnit.SECONDS)
        .join();
  }

  private OutboxTransport shared;

  private OutboxTransport sharedTransport() {
    if (shared == null) {
      shared = closeAfter(transport(0));
    }
    return shared;
  }

  private OutboxRelay relay(OutboxTransport transport, Consumer<OutboxRelay.Builder> settings) {
    OutboxRelay.Builder builder =
        OutboxRelay.builder(db.dataSource(), transport)
            .instanceId("tck-" + UUID.randomUUID().toString().substring(0, 6))
            .leaseTtl(Duration.ofMillis(1_500))
            .pollInterval(Duration.ofMillis(50))
            .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.1))
            .maxAttempts(3)
            .sendTimeout(Duration.ofSeconds(20));
    settings.accept(builder);
    return closeAfter(builder.build()).start();
  }

  private void commit(List<? extends EventEnvelope<?>> batch) {
    transactions.run(
        connection -> {
          outbox.append(connection, batch);
          return null;
        });
  }

  private long unpublished() throws SQLException {
    return count("SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL");
  }

  protected Inbox inbox() {
    return Inbox.builder(db.dataSource())
        .maxAttempts(3)
        .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0))
        .build();
  }

  private RunningConsumer consume(String topic, InboxHandler<byte[]> handler) {
    return closeAfter(startConsumer(topic, inbox(), "payments", handler));
  }

  protected static void effect(InboxContext context, EventEnvelope<?> event) throws SQLException {
    try (PreparedStatement insert =
        context
            .connection()
            .prepareStatement(
                "INSERT INTO inbox_effects (event_id, aggregate_id, version) VALUES (?, ?, ?)")) {
      insert.setString(1, event.eventId().toString());
      insert.setString(2, event.aggregateId());
      insert.setLong(3, event.aggregateVersion() == null ? -1 : event.aggregateVersion());
      insert.executeUpdate();
    }
  }

  protected Map<String, Long> effectCounts() throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection connection = db.dataSource().getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT event_id, count(*) FROM inbox_effects GROUP BY event_id")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return counts;
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private String id(Received message) {
    return message.headers().get(wireName("id"));
  }

  /** Per subject, the aggregate versions of the first delivery of each event, in arrival order. */
  private Map<String, List<Long>> firstDeliveries(List<Received> messages) {
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Received message : messages) {
      if (seen.add(id(message))) {
        versions
            .computeIfAbsent(message.headers().get(wireName("subject")), k -> new ArrayList<>())
            .add(Long.parseLong(message.headers().get(wireName("aggregateversion"))));
      }
    }
    return versions;
  }

  // ---- relay side ----

  @Test
  void anAcknowledgedSendIsOnTheBroker() {
    String topic = createTopic("acked");
    OutboxTransport transport = closeAfter(transport(0));
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      EventEnvelope<byte[]> event = event(topic, "ack-" + (i % 5), i);
      sent.add(event);
      acks.add(transport.send(record(topic, event)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .orTimeout(60, TimeUnit.SECONDS)
        .join();

    List<Received> received = read(topic, 50, WAIT);

    assertThat(received)
        .extracting(this::id)
        .containsExactlyInAnyOrderElementsOf(
            sent.stream().map(e -> e.eventId().toString()).toList());
  }

  @Test
  void anUnconfirmedSendIsNotMarkedAndHoldsBackOnlyItsAggregate() throws Exception {
    String topic = createTopic("held");
    String missing = missingTopic();
    EventEnvelope<String> lost = events.event("order.placed", missing, "m1", 1L, "x", Map.of());
    List<EventEnvelope<byte[]>> healthy = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      healthy.add(event(topic, "h-" + (i % 3), i));
    }
    commit(List.of(lost));
    commit(healthy);
    OutboxAdmin admin = OutboxAdmin.create(db.dataSource());

    relay(closeAfter(transport(0)), s -> {});

    assertThat(read(topic, 10, WAIT)).hasSize(10);
    await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);
    OutboxAdmin.DeadEvent dead = admin.dead(10).get(0);
    assertThat(dead.eventId()).isEqualTo(lost.eventId());
    assertThat(dead.attempts()).as("a missing destination is retried").isEqualTo(3);
    assertThat(dead.lastError()).contains(missing);
    assertThat(unpublished()).isEqualTo(1);
  }

  @Test
  void theRelayPublishesEveryEventInPerAggregateOrder() throws Exception {
    String topic = createTopic("ordered");
    int aggregates = 12;
    int perAggregate = 50;
    for (int seq = 1; seq <= perAggregate; seq += 10) {
      List<EventEnvelope<byte[]>> batch = new ArrayList<>();
      for (int s = seq; s < seq + 10; s++) {
        for (int a = 0; a < aggregates; a++) {
          batch.add(event(topic, "agg-" + a, s));
        }
      }
      commit(batch);
    }
    int total = aggregates * perAggregate;

    relay(closeAfter(transport(0)), s -> s.workers(4).batchSize(100));

    await().atMost(WAIT).until(() -> unpublished() == 0);
    List<Received> received = read(topic, total, WAIT);
    assertThat(received.stream().map(this::id).distinct()).hasSize(total);
    Map<String, List<Long>> versions = firstDeliveries(received);
    assertThat(versions).hasSize(aggregates);
    versions.forEach(
        (subject, seen) -> assertThat(seen).as("versions of %s", subject).isSorted().hasSize(50));
  }

  @Test
  void theCloudEventsAttributesTravelInTheProtocolBinding() {
    String topic = createTopic("attributes");
    EventEnvelope<byte[]> cause = event(topic, "c-1", 1);
    EventEnvelope<byte[]> event =
        events
            .event(
                "order.shipped",
                topic,
                "c-1",
                2L,
                Map.of("carrier", "dhl"),
                Map.of("tenant", "acme"))
            .causedBy(cause)
            .withTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .withPayload("{\"carrier\":\"dhl\"}".getBytes(StandardCharsets.UTF_8));

    publish(topic, event);

    Received message = read(topic, 1, WAIT).get(0);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("specversion", "1.0");
    expected.put("id", event.eventId().toString());
    expected.put("type", "order.shipped");
    expected.put("subject", "c-1");
    expected.put("time", event.occurredAt().toString());
    expected.put("datacontenttype", "application/json");
    expected.put("correlationid", cause.correlationId());
    expected.put("causationid", cause.eventId().toString());
    expected.put("aggregatetype", topic);
    expected.put("aggregateversion", "2");
    expected.put("traceparent", event.traceparent());
    expected.forEach(
        (attribute, value) ->
            assertThat(message.headers().get(wireName(attribute)))
                .as("%s as %s", attribute, wireName(attribute))
                .isEqualTo(value));
    assertThat(message.headers().get(wireName("source"))).isNotBlank();
    assertThat(freeHeader(message, "tenant")).isEqualTo("acme");
    assertThat(message.text()).isEqualTo("{\"carrier\":\"dhl\"}");
  }

  @Test
  void anOversizedMessageGoesDeadAtOnceWithTheReason() throws Exception {
    String topic = createTopic("sizes");
    EventEnvelope<String> huge =
        events.event("order.placed", topic, "big", 1L, "x".repeat(100_000), Map.of());
    commit(List.of(huge));
    commit(List.of(event(topic, "small", 1)));
    OutboxAdmin admin = OutboxAdmin.create(db.dataSource());

    relay(closeAfter(transport(64 * 1024)), s -> {});

    assertThat(read(topic, 1, WAIT))
        .extracting(m -> m.headers().get(wireName("subject")))
        .containsExactly("small");
    await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);
    assertThat(admin.dead(10).get(0).eventId()).isEqualTo(huge.eventId());
    assertThat(admin.dead(10).get(0).attempts()).isEqualTo(1);
    assertThat(admin.dead(10).get(0).lastError()).contains("bytes");
  }

  @Test
  void anUnreachableBrokerIsUnavailableAndCostsTheEventNothing() {
    OutboxTransport transport = closeAfter(unreachableTransport());
    EventEnvelope<byte[]> event = event("nowhere", "u-1", 1);

    CompletableFuture<Void> ack;
    try {
      ack = transport.send(record("nowhere", event));
    } catch (RuntimeException e) {
      ack = CompletableFuture.failedFuture(e);
    }
    Throwable failure = ack.handle((ok, error) -> error).orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(failure).as("the send must fail").isNotNull();
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    assertThat(transport.classify(cause)).isEqualTo(FailureKind.UNAVAILABLE);
  }

  // ---- consumer side ----

  @Test
  void duplicateDeliveriesRunTheSideEffectOnce() throws Exception {
    String topic = createTopic("dupes");
    EventEnvelope<byte[]> repeated = event(topic, "d-1", 1);
    publish(topic, repeated);
    publish(topic, List.of(event(topic, "d-2", 1), event(topic, "d-3", 1)));
    publishAgain(topic, repeated);
    publishAgain(topic, repeated);
    AtomicInteger calls = new AtomicInteger();

    RunningConsumer consumer =
        consume(
            topic,
            (event, context) -> {
              calls.incrementAndGet();
              effect(context, event);
            });

    await().atMost(WAIT).until(() -> consumer.processed() + consumer.duplicates() == 5);
    assertThat(consumer.processed()).isEqualTo(3);
    assertThat(consumer.duplicates()).isEqualTo(2);
    assertThat(calls).hasValue(3);
    assertThat(effectCounts()).hasSize(3).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
  }

  @Test
  void aPoisonMessageIsDeadLetteredAndItsAggregateGoesOnInOrder() throws Exception {
    String topic = createTopic("poison");
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sent.add(event(topic, "poisoned", i));
    }
    for (int i = 1; i <= 20; i++) {
      sent.add(event(topic, "healthy-" + (i % 4), i));
    }
    publish(topic, sent);
    UUID poison = sent.get(2).eventId();
    AtomicInteger poisonCalls = new AtomicInteger();
    List<Long> poisonedOrder = Collections.synchronizedList(new ArrayList<>());

    RunningConsumer consumer =
        consume(
            topic,
            (event, context) -> {
              if (event.eventId().equals(poison)) {
                poisonCalls.incrementAndGet();
                throw new IllegalStateException("the ledger rejects event 3 of 'poisoned'");
              }
              if (event.aggregateId().equals("poisoned")) {
                poisonedOrder.add(event.aggregateVersion());
              }
              effect(context, event);
            });

    await().atMost(WAIT).until(() -> effectCounts().size() == 24);
    await().atMost(WAIT).until(() -> consumer.deadLettered() == 1);
    assertThat(poisonCalls).hasValue(3);
    if (keepsConsumerOrder()) {
      assertThat(poisonedOrder).containsExactly(1L, 2L, 4L, 5L);
    }
    List<DeadLetter> dead = InboxAdmin.create(db.dataSource()).dead("payments", 10);
    assertThat(dead)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.eventId()).isEqualTo(poison);
              assertThat(letter.attempts()).isEqualTo(3);
              assertThat(letter.kind()).isEqualTo(DeadLetter.Kind.FAILED);
              assertThat(letter.error()).contains("the ledger rejects event 3");
              assertThat(letter.source()).startsWith(sourcePrefix());
            });
  }

  record Order(long seq) {}

  @Test
  void malformedMessagesAreDeadLetteredWithTheirReason() throws Exception {
    String topic = createTopic("malformed");
    publishMalformed(topic, event(topic, "m", 1), "id", null);
    publishMalformed(topic, event(topic, "m", 2), "id", "not-a-uuid");
    EventEnvelope<byte[]> badPayload =
        event(topic, "m", 3).withPayload("{\"seq\": \"many".getBytes(StandardCharsets.UTF_8));
    publish(topic, badPayload);
    EventEnvelope<byte[]> valid = event(topic, "m", 4);
    publish(topic, valid);

    RunningConsumer consumer =
        closeAfter(
            startConsumer(
                topic,
                inbox(),
                "payments",
                InboxHandler.decoding(
                    Order.class, PayloadCodec.json(), (event, context) -> effect(context, event))));

    await().atMost(WAIT).until(() -> effectCounts().containsKey(valid.eventId().toString()));
    await().atMost(WAIT).until(() -> consumer.deadLettered() == 3);
    assertThat(consumer.malformed()).isEqualTo(2);
    List<String> reasons =
        InboxAdmin.create(db.dataSource()).dead("payments", 10).stream()
            .map(DeadLetter::error)
            .toList();
    assertThat(reasons)
        .anySatisfy(r -> assertThat(r).contains(wireName("id")).contains("missing"))
        .anySatisfy(r -> assertThat(r).contains("'not-a-uuid' is not a UUID"))
        .anySatisfy(r -> assertThat(r).contains("cannot decode").contains(Order.class.getName()));
  }

  @Test
  void theEventsOfOneAggregateAreHandledInOrder() throws Exception {
    Assumptions.assumeTrue(
        keepsConsumerOrder(), "this broker configuration does not keep per-aggregate order");
    String topic = createTopic("inorder");
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int seq = 1; seq <= 25; seq++) {
      for (int a = 0; a < 8; a++) {
        sent.add(event(topic, "o-" + a, seq));
      }
    }
    publish(topic, sent);
    Map<String, List<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();

    RunningConsumer consumer =
        consume(
            topic,
            (event, context) -> {
              effect(context, event);
              seen.computeIfAbsent(event.aggregateId(), k -> new CopyOnWriteArrayList<>())
                  .add(event.aggregateVersion());
            });

    await().atMost(WAIT).until(() -> consumer.processed() == 200);
    assertThat(seen).hasSize(8);
    seen.forEach(
        (aggregate, versions) -> assertThat(versions).as(aggregate).isSorted().hasSize(25));
  }

  @Test
  void twoInstancesOfAConsumerKeepPerAggregateOrderAcrossAHandover() throws Exception {
    Assumptions.assumeTrue(noOrderAcrossInstances() == null, this::noOrderAcrossInstances);
    String topic = createTopic("instances");
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int seq = 1; seq <= 30; seq++) {
      for (int a = 0; a < 8; a++) {
        sent.add(event(topic, "i-" + a, seq));
      }
    }
    publish(topic, sent);
    Map<String, List<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    InboxHandler<byte[]> handler =
        (event, context) -> {
          effect(context, event);
          seen.computeIfAbsent(event.aggregateId(), k -> new CopyOnWriteArrayList<>())
              .add(event.aggregateVersion());
          Thread.sleep(2);
        };
    RunningConsumer first = startConsumer(topic, inbox(), "payments", handler);
    RunningConsumer second = consume(topic, handler);
    await().atMost(WAIT).until(() -> first.processed() + second.processed() >= 60);
    first.close();

    await().atMost(WAIT).until(() -> effectCounts().size() == 240);
    assertThat(effectCounts().values()).allMatch(n -> n == 1L, "each effect once");
    seen.forEach(
        (aggregate, versions) -> assertThat(versions).as(aggregate).isSorted().hasSize(30));
  }

  @Test
  void aStoppedConsumerLeavesUnsettledMessagesToTheNextOneAndNothingRunsTwice() throws Exception {
    String topic = createTopic("handover");
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      sent.add(event(topic, "s-" + (i % 6), (i + 5) / 6));
    }
    publish(topic, sent);
    InboxHandler<byte[]> handler =
        (event, context) -> {
          effect(context, event);
          Thread.sleep(5);
        };
    RunningConsumer first = startConsumer(topic, inbox(), "payments", handler);
    await().atMost(WAIT).until(() -> first.processed() >= 10);
    first.close();

    RunningConsumer second = consume(topic, handler);

    await().atMost(WAIT).until(() -> effectCounts().size() == 60);
    Thread.sleep(300);
    assertThat(effectCounts().values()).allMatch(n -> n == 1L, "each effect once");
    assertThat(first.processed() + second.processed()).isEqualTo(60);
  }
}

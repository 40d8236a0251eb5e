package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.inbox.InboxResult;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Backoff;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Random plans of deliveries, on the real broker and PostgreSQL: every event is produced one to
 * three times, all deliveries in a random order; some handlers fail once; the consumer process is
 * killed at random points right after a database commit and before its offset is committed, and a
 * new one takes over; in some plans a second instance in another group races it on every record.
 * Whatever the plan, the consumer's balances end equal to applying every distinct event exactly
 * once.
 */
class KafkaInboxPropertyTests {
  private static TestDatabase database;
  private static EmbeddedKafka kafka;
  private static final AtomicInteger TRY = new AtomicInteger();

  /**
   * @param accounts the account of each event (its aggregate, so its partition key)
   * @param amounts the amount of each event
   * @param copies how many times each event is produced
   * @param flaky whether each event's handler fails once before it succeeds
   * @param seed the shuffle of all deliveries
   * @param crashes after how many settled records a consumer process dies
   * @param twin whether a second instance, in another consumer group, races the first on every
   *     record
   */
  record Plan(
      List<Integer> accounts,
      List<Integer> amounts,
      List<Integer> copies,
      List<Boolean> flaky,
      long seed,
      Set<Integer> crashes,
      boolean twin) {}

  @BeforeContainer
  static void start() {
    database =
        PostgresServer.shared()
            .orElseThrow(() -> new IllegalStateException(PostgresServer.unavailableReason()))
            .createSchema("InboxProperty");
    SchemaMigrator.create(database.dataSource()).migrate();
    database.execute(
        "CREATE TABLE balances (consumer VARCHAR(100) NOT NULL, account VARCHAR(20) NOT NULL,"
            + " total BIGINT NOT NULL, events INT NOT NULL, PRIMARY KEY (consumer, account))");
    kafka = EmbeddedKafka.shared();
  }

  @AfterContainer
  static void stop() {
    if (database != null) {
      database.close();
    }
  }

  @Provide
  Arbitrary<Plan> plans() {
    Arbitrary<Integer> size = Arbitraries.integers().between(5, 30);
    return size.flatMap(
        n ->
            Combinators.combine(
                    Arbitraries.integers().between(0, 4).list().ofSize(n),
                    Arbitraries.integers().between(1, 100).list().ofSize(n),
                    Arbitraries.integers().between(1, 3).list().ofSize(n),
                    Arbitraries.of(true, false, false, false, false).list().ofSize(n),
                    Arbitraries.longs(),
                    Arbitraries.integers().between(1, 3 * n).set().ofMaxSize(3),
                    Arbitraries.of(true, false))
                .as(Plan::new));
  }

  @Property(tries = 8, shrinking = ShrinkingMode.OFF)
  void balancesEndEqualToApplyingEachEventOnce(@ForAll("plans") Plan plan) throws Exception {
    String consumer = "prop-" + TRY.incrementAndGet();
    String topic = kafka.freshTopic("ledger", 3);
    String group = consumer + "-" + UUID.randomUUID().toString().substring(0, 6);
    List<EventEnvelope<byte[]>> events = events(plan);
    Map<TopicPartition, Long> ends = produce(topic, deliveries(plan, events));
    Set<UUID> flaky = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < events.size(); i++) {
      if (plan.flaky().get(i)) {
        flaky.add(events.get(i).eventId());
      }
    }
    Inbox inbox =
        Inbox.builder(database.dataSource())
            .maxAttempts(5)
            .backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.0))
            .build();
    AtomicInteger settled = new AtomicInteger();
    InboxHandler<byte[]> handler = (event, context) -> apply(consumer, event, context, flaky);

    KafkaInboxConsumer twin =
        plan.twin()
            ? KafkaInboxConsumer.builder(kafka.bootstrapServers(), group + "-twin", inbox)
                .consumer(consumer)
                .topics(topic)
                .handler(handler)
                .threads(2)
                .commitInterval(Duration.ofMillis(20))
                .build()
                .start()
            : null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      CountDownLatch crashed = new CountDownLatch(1);
      DefaultKafkaInboxConsumer runner =
          (DefaultKafkaInboxConsumer)
              KafkaInboxConsumer.builder(kafka.bootstrapServers(), group, inbox)
                  .consumer(consumer)
                  .topics(topic)
                  .handler(handler)
                  .threads(2)
                  .commitInterval(Duration.ofMillis(20))
                  .hooks(crashAt(plan.crashes(), settled, crashed))
                  .build()
                  .start();
      boolean crashedNow = false;
      while (!(crashedNow = crashed.await(50, TimeUnit.MILLISECONDS))
          && !committedAll(group, ends)) {
        assertThat(System.nanoTime())
            .as("the plan finished in time: %s", plan)
            .isLessThan(deadline);
      }
      if (crashedNow) {
        runner.kill();
        continue;
      }
      runner.close();
      break;
    }
    if (twin != null) {
      while (!committedAll(group + "-twin", ends)) {
        assertThat(System.nanoTime())
            .as("the twin finished in time: %s", plan)
            .isLessThan(deadline);
        Thread.sleep(50);
      }
      twin.close();
    }

    assertThat(balances(consumer)).as("balances for %s", plan).isEqualTo(reference(plan));
    assertThat(marks(consumer)).isEqualTo(events.size());
  }

  private static void apply(
      String consumer,
      EventEnvelope<byte[]> event,
      io.eventline.inbox.InboxContext context,
      Set<UUID> flaky)
      throws Exception {
    try (PreparedStatement upsert =
        context
            .connection()
            .prepareStatement(
                "INSERT INTO balances (consumer, account, total, events) VALUES (?, ?, ?, 1)"
                    + " ON CONFLICT (consumer, account) DO UPDATE"
                    + " SET total = balances.total + EXCLUDED.total, events = balances.events + 1")) {
      upsert.setString(1, consumer);
      upsert.setString(2, event.aggregateId());
      upsert.setLong(3, amount(event));
      upsert.executeUpdate();
    }
    if (flaky.remove(event.eventId())) {
      throw new IllegalStateException("a flaky failure after the write, rolled back");
    }
  }

  private static long amount(EventEnvelope<byte[]> event) {
    Object value = PayloadCodec.json().decode(event.payload(), Map.class).get("amount");
    return ((Number) value).longValue();
  }

  private static TestHooks crashAt(
      Set<Integer> crashes, AtomicInteger settled, CountDownLatch crashed) {
    return new TestHooks() {
      @Override
      public void afterSettled(ConsumerRecord<byte[], byte[]> record, InboxResult result) {
        if (crashes.contains(settled.incrementAndGet())) {
          crashed.countDown();
          try {
            Thread.sleep(60_000); // dies here, after the commit and before the offset
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }

  private static List<EventEnvelope<byte[]>> events(Plan plan) {
    EventFactory factory = EventFactory.create();
    List<EventEnvelope<byte[]>> events = new ArrayList<>();
    for (int i = 0; i < plan.accounts().size(); i++) {
      Map<String, Object> payload = Map.of("amount", plan.amounts().get(i));
      events.add(
          factory
              .event("payment.booked", "account", "acct-" + plan.accounts().get(i), payload)
              .withPayload(PayloadCodec.json().encode(payload)));
    }
    return events;
  }

  private static List<EventEnvelope<byte[]>> deliveries(
      Plan plan, List<EventEnvelope<byte[]>> events) {
    List<EventEnvelope<byte[]>> deliveries = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      for (int copy = 0; copy < plan.copies().get(i); copy++) {
        deliveries.add(events.get(i));
      }
    }
    Collections.shuffle(deliveries, new Random(plan.seed()));
    return deliveries;
  }

  private static Map<String, Long> reference(Plan plan) {
    Map<String, Long> totals = new TreeMap<>();
    for (int i = 0; i < plan.accounts().size(); i++) {
      totals.merge("acct-" + plan.accounts().get(i), (long) plan.amounts().get(i), Long::sum);
    }
    return totals;
  }

  private static Map<TopicPartition, Long> produce(
      String topic, List<EventEnvelope<byte[]>> deliveries) throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    Map<TopicPartition, Long> ends = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (EventEnvelope<byte[]> event : deliveries) {
        RecordMetadata sent =
            producer
                .send(CloudEventsKafka.encode(topic, "/property", "application/json", event))
                .get(30, TimeUnit.SECONDS);
        ends.merge(new TopicPartition(topic, sent.partition()), sent.offset() + 1, Math::max);
      }
    }
    return ends;
  }

  private static boolean committedAll(String group, Map<TopicPartition, Long> ends)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        OffsetAndMetadata offset = committed.get(end.getKey());
        if (offset == null || offset.offset() < end.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  private static Map<String, Long> balances(String consumer) throws Exception {
    Map<String, Long> totals = new TreeMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT account, total FROM balances WHERE consumer = ?")) {
      select.setString(1, consumer);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          totals.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return totals;
  }

  private static long marks(String consumer) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM eventline_inbox WHERE consumer = ?")) {
      select.setString(1, consumer);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}

package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxContext;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Backoff;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runner tests' fixture: the shared Kafka broker, a fresh topic and group per test, a migrated
 * PostgreSQL schema, and an {@code inbox_effects} table with no unique key, so a handler that ran
 * twice for one event leaves two rows.
 */
abstract class RunnerFixture {
  static final Duration WAIT = Duration.ofSeconds(90);
  final EventFactory events = EventFactory.create();
  final List<KafkaInboxConsumer> runners = new CopyOnWriteArrayList<>();
  EmbeddedKafka kafka;
  KafkaProducer<byte[], byte[]> producer;
  String topic;
  String group;

  abstract DatabaseExtension database();

  @BeforeEach
  void setUpRunner() {
    kafka = EmbeddedKafka.shared();
    SchemaMigrator.create(database().dataSource()).migrate();
    database()
        .database()
        .execute(
            "CREATE TABLE IF NOT EXISTS inbox_effects (event_id VARCHAR(36) NOT NULL,"
                + " consumer VARCHAR(100) NOT NULL, note VARCHAR(500))");
    for (String table :
        new String[] {"inbox_effects", "eventline_inbox", "eventline_dead_letter"}) {
      database().database().execute("DELETE FROM " + table);
    }
    topic = kafka.freshTopic("orders", 3);
    group = "g-" + UUID.randomUUID().toString().substring(0, 8);
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void closeRunners() {
    runners.forEach(KafkaInboxConsumer::close);
    producer.close(Duration.ofSeconds(5));
  }

  Inbox inbox(Consumer<Inbox.Builder> settings) {
    Inbox.Builder builder =
        Inbox.builder(database().dataSource())
            .maxAttempts(3)
            .backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 2.0, 0.0));
    settings.accept(builder);
    return builder.build();
  }

  KafkaInboxConsumer.Builder runner(Inbox inbox) {
    return KafkaInboxConsumer.builder(kafka.bootstrapServers(), group, inbox)
        .consumer("payments")
        .topics(topic)
        .commitInterval(Duration.ofMillis(50))
        .shutdownTimeout(Duration.ofSeconds(20))
        .property("session.timeout.ms", "10000")
        .property("heartbeat.interval.ms", "500");
  }

  KafkaInboxConsumer start(KafkaInboxConsumer.Builder builder) {
    KafkaInboxConsumer runner = builder.build();
    runners.add(runner);
    return runner.start();
  }

  EventEnvelope<byte[]> event(String aggregateId, long version) {
    return events
        .event("order.placed", "order", aggregateId, version, Map.of("total", version), Map.of())
        .withPayload(PayloadCodec.json().encode(Map.of("total", version)));
  }

  void send(EventEnvelope<byte[]> event) {
    send(CloudEventsKafka.encode(topic, "/tests", "application/json", event));
  }

  void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not produce a test record: " + e, e);
    }
  }

  /** The side effect: one row per run of the handler. */
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

  /** Event id to the number of effect rows. */
  Map<String, Long> effectCounts() throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection connection = database().dataSource().getConnection();
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

  /** The group's committed offsets, asked of the broker. */
  Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
    }
  }

  static void assertEachOnce(Map<String, Long> counts, int expected) {
    assertThat(counts).hasSize(expected);
    assertThat(counts.values()).allMatch(n -> n == 1L, "every event's effect exactly once");
  }
}

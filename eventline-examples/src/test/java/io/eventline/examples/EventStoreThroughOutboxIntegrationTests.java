package io.eventline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.eventstore.AppendResult;
import io.eventline.eventstore.EventStore;
import io.eventline.eventstore.ExpectedVersion;
import io.eventline.eventstore.RecordedEvent;
import io.eventline.eventstore.WrongExpectedVersionException;
import io.eventline.kafka.KafkaTransport;
import io.eventline.outbox.Outbox;
import io.eventline.outbox.OutboxRelay;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event sourcing with the outbox plugged into the append (docs/eventstore.md): the stream and its
 * outbox rows commit or roll back together, so what reaches Kafka is exactly what the streams hold,
 * in stream order, with the stream version on every record.
 */
class EventStoreThroughOutboxIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  record Note(String text) {}

  private final EventFactory events = EventFactory.create();
  private final Outbox outbox = Outbox.create();

  @Test
  void onlyCommittedAppendsReachKafkaInStreamOrder() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.shared();
    String topic = kafka.freshTopic("order", 3);
    EventStore store =
        EventStore.builder(db.dataSource())
            .migrate(true)
            .onAppend((connection, appended) -> toOutbox(connection, topic, appended))
            .build();
    EventStore failingHook =
        EventStore.builder(db.dataSource())
            .onAppend(
                (connection, appended) -> {
                  toOutbox(connection, topic, appended);
                  throw new SQLException("the read model refused the event");
                })
            .build();
    io.eventline.jdbc.SchemaMigrator.create(db.dataSource()).migrate();

    List<UUID> committed = new ArrayList<>();
    committed.addAll(
        ids(
            store,
            "order-1",
            store.append("order-1", ExpectedVersion.NO_STREAM, notes("order-1", 2))));
    // a lost race: the stream moved on, nothing of this attempt may be published
    assertThatThrownBy(
            () -> store.append("order-1", ExpectedVersion.exactly(1), notes("order-1", 1)))
        .isInstanceOf(WrongExpectedVersionException.class);
    committed.addAll(
        ids(
            store,
            "order-1",
            store.append("order-1", ExpectedVersion.exactly(2), notes("order-1", 1))));
    // the hook failed after the outbox row was written: the append and the row roll back together
    assertThatThrownBy(
            () -> failingHook.append("order-2", ExpectedVersion.NO_STREAM, notes("order-2", 1)))
        .hasMessageContaining("the read model refused the event");
    committed.addAll(
        ids(store, "order-3", store.append("order-3", ExpectedVersion.ANY, notes("order-3", 2))));
    assertThat(store.readStreamForward("order-2", 1, 10)).isEmpty();
    assertThat(outboxRows()).isEqualTo(committed.size());

    try (OutboxRelay relay =
        OutboxRelay.builder(
                db.dataSource(), KafkaTransport.builder(kafka.bootstrapServers()).build())
            .build()
            .start()) {
      List<ConsumerRecord<byte[], byte[]>> records =
          read(kafka.bootstrapServers(), topic, committed.size(), Duration.ofSeconds(60));

      assertThat(records)
          .extracting(r -> header(r, "ce_id"))
          .containsExactlyInAnyOrderElementsOf(committed.stream().map(UUID::toString).toList());
      Map<String, List<String>> versionsByStream = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        versionsByStream
            .computeIfAbsent(
                new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(header(record, "ce_aggregateversion"));
      }
      assertThat(versionsByStream)
          .containsOnlyKeys("order-1", "order-3")
          .containsEntry("order-1", List.of("1", "2", "3"))
          .containsEntry("order-3", List.of("1", "2"));
      // nothing else arrives: the failed attempts left no row behind
      Thread.sleep(500);
      assertThat(endOffsets(kafka.bootstrapServers(), topic)).isEqualTo(committed.size());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (relay.status().published() < committed.size() && System.nanoTime() < deadline) {
        Thread.sleep(20); // marked after the acks the consumer may already have seen
      }
      assertThat(relay.status().published()).isEqualTo(committed.size());
      assertThat(outboxPending()).isZero();
    }
  }

  private void toOutbox(Connection connection, String topic, List<RecordedEvent> appended) {
    for (RecordedEvent event : appended) {
      outbox.append(connection, topic, event.envelope());
    }
  }

  private List<EventEnvelope<Note>> notes(String stream, int count) {
    List<EventEnvelope<Note>> notes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      notes.add(events.event("order.noted", "order", stream, new Note(stream + "#" + i)));
    }
    return notes;
  }

  /** The ids of the events an append wrote, read back from its stream. */
  private static List<UUID> ids(EventStore store, String stream, AppendResult result) {
    int count = (int) (result.lastVersion() - result.firstVersion() + 1);
    return store.readStreamForward(stream, result.firstVersion(), count).stream()
        .map(event -> event.envelope().eventId())
        .toList();
  }

  private static long outboxRows() throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM eventline_outbox")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static long outboxPending() throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(config);
  }

  /** Reads the topic from the start until {@code expected} records arrived or the time is up. */
  private static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrap, String topic, int expected, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static long endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}

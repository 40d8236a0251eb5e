package io.eventline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class EmbeddedKafkaIntegrationTests {
  private final EmbeddedKafka kafka = EmbeddedKafka.shared();

  @Test
  void idempotentProducerRecordsArriveExactlyOnceInPartitionOrder() throws Exception {
    String topic = kafka.freshTopic("roundtrip", 3);
    Map<TopicPartition, List<String>> sent = new HashMap<>();
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String value = "key" + (i % 7) + ":" + i;
        values.add(value);
        acks.add(producer.send(new ProducerRecord<>(topic, "key" + (i % 7), value)));
      }
      for (int i = 0; i < acks.size(); i++) {
        RecordMetadata metadata = acks.get(i).get(30, TimeUnit.SECONDS);
        sent.computeIfAbsent(
                new TopicPartition(topic, metadata.partition()), p -> new ArrayList<>())
            .add(values.get(i));
      }
    }
    assertThat(sent).hasSize(3);

    Map<TopicPartition, List<String>> received = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = consumer("read_uncommitted")) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (count(received) < 300 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          assertThat(record.value()).startsWith(record.key() + ":");
          received
              .computeIfAbsent(
                  new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
              .add(record.value());
        }
      }
      consumer.commitSync();
    }
    assertThat(received).isEqualTo(sent);
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
    String topic = kafka.freshTopic("tx", 1);
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-relay"))) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, "order-1", "committed-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 2; i++) {
        producer.send(new ProducerRecord<>(topic, "order-1", "aborted-" + i));
      }
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "order-1", "committed-3"));
      producer.commitTransaction();
    }

    assertThat(readAll(topic, "read_committed"))
        .containsExactly("committed-0", "committed-1", "committed-2", "committed-3");
    assertThat(readAll(topic, "read_uncommitted"))
        .containsExactly(
            "committed-0", "committed-1", "committed-2", "aborted-0", "aborted-1", "committed-3");
  }

  @Test
  void producerSurvivesBrokerStopAndRestartWithoutLoss() throws Exception {
    String topic = kafka.freshTopic("restart", 2);
    String address = kafka.bootstrapServers();
    List<String> expected = new ArrayList<>();
    List<Future<RecordMetadata>> whileDown = new CopyOnWriteArrayList<>();
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try (KafkaProducer<String, String> producer =
        producer(
            Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 500))) {
      for (int i = 0; i < 50; i++) {
        String value = "k" + (i % 4) + ":before-" + i;
        expected.add(value);
        producer.send(new ProducerRecord<>(topic, "k" + (i % 4), value)).get();
      }
      for (int i = 0; i < 50; i++) {
        expected.add("k" + (i % 4) + ":during-" + i);
      }

      kafka.stop();
      Future<?> sending;
      try {
        assertThat(kafka.isRunning()).isFalse();
        // With its only broker gone, a Kafka 4 producer falls back to the bootstrap address and
        // forgets the topic's partitions, so send() may block (up to max.block.ms) for metadata.
        sending =
            sender.submit(
                () -> {
                  for (String value : expected.subList(50, 100)) {
                    String key = value.substring(0, value.indexOf(':'));
                    whileDown.add(producer.send(new ProducerRecord<>(topic, key, value)));
                  }
                });
        Thread.sleep(1_000);
        assertThat(whileDown).noneMatch(Future::isDone);
      } finally {
        kafka.restart();
      }

      assertThat(kafka.bootstrapServers()).isEqualTo(address);
      sending.get(60, TimeUnit.SECONDS);
      assertThat(whileDown).hasSize(50);
      for (Future<RecordMetadata> ack : whileDown) {
        ack.get(60, TimeUnit.SECONDS);
      }
      for (int i = 0; i < 50; i++) {
        String value = "k" + (i % 4) + ":after-" + i;
        expected.add(value);
        producer.send(new ProducerRecord<>(topic, "k" + (i % 4), value)).get();
      }
    } finally {
      sender.shutdownNow();
    }

    List<String> received = readAll(topic, "read_committed");
    assertThat(received).hasSize(150).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(byKey(received)).isEqualTo(byKey(expected));
  }

  @Test
  void restartOnATakenPortFailsWithTheReasonAndCanBeRetried() throws Exception {
    int port = Integer.parseInt(kafka.bootstrapServers().split(":")[1]);
    kafka.stop();
    try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(squatter.isBound()).isTrue();
      assertThatThrownBy(kafka::restart)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining(kafka.logDir().toString())
          .hasMessageContaining("taken");
      assertThat(kafka.isRunning()).isFalse();
    } finally {
      kafka.restart();
    }
    assertThat(kafka.isRunning()).isTrue();
    String topic = kafka.freshTopic("after-failed-restart", 1);
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS);
    }
    assertThat(readAll(topic, "read_committed")).containsExactly("v");
  }

  @Test
  void createTopicIsIdempotentAndRefusesAnotherPartitionCount() {
    String topic = kafka.freshTopic("twice", 2);
    kafka.createTopic(topic, 2);
    assertThatThrownBy(() -> kafka.createTopic(topic, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(topic)
        .hasMessageContaining("2 partitions, not 3");
    assertThatThrownBy(() -> kafka.freshTopic("no spaces", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no spaces'");
  }

  @Test
  void sharedBrokerCannotBeClosedByATest() {
    assertThatThrownBy(kafka::close).isInstanceOf(IllegalStateException.class);
    assertThat(EmbeddedKafka.shared()).isSameAs(kafka);
    assertThat(kafka.isRunning()).isTrue();
  }

  @Test
  void ownedBrokerKeepsTopicsAndRecordsAcrossCloseAndStart(@TempDir Path dir) throws Exception {
    try (EmbeddedKafka owned = EmbeddedKafka.start(dir)) {
      assertThat(owned.bootstrapServers()).isNotEqualTo(kafka.bootstrapServers());
      owned.createTopic("order", 2);
      try (KafkaProducer<String, String> producer =
          producer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, owned.bootstrapServers()))) {
        producer.send(new ProducerRecord<>("order", "o1", "o1:placed")).get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(dir.resolve("meta.properties")).isRegularFile();

    try (EmbeddedKafka again = EmbeddedKafka.start(dir)) {
      again.createTopic("order", 2);
      assertThat(readAll(again.bootstrapServers(), "order", "read_committed"))
          .containsExactly("o1:placed");
    }
  }

  @Test
  void startRefusesADirectoryOfSomethingElse(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "not a broker");
    assertThatThrownBy(() -> EmbeddedKafka.start(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("meta.properties");
  }

  private KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.putAll(extra);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private KafkaConsumer<String, String> consumer(String isolation) {
    return consumer(kafka.bootstrapServers(), isolation);
  }

  private static KafkaConsumer<String, String> consumer(String servers, String isolation) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, TopicSetup.freshName("group"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  /** Every record up to the end of the log (the last stable offset for read_committed). */
  private List<String> readAll(String topic, String isolation) {
    return readAll(kafka.bootstrapServers(), topic, isolation);
  }

  private static List<String> readAll(String servers, String topic, String isolation) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(servers, isolation)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("read %s to its end in 30 s", topic).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
    }
    return values;
  }

  /** Values of the form {@code key:rest}, grouped by key in list order. */
  private static Map<String, List<String>> byKey(List<String> values) {
    return values.stream().collect(Collectors.groupingBy(v -> v.substring(0, v.indexOf(':'))));
  }

  private static int count(Map<TopicPartition, List<String>> records) {
    return records.values().stream().mapToInt(List::size).sum();
  }
}

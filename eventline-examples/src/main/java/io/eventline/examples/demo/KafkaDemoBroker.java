package io.eventline.examples.demo;

import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import io.eventline.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An embedded Kafka 4.4 broker in a temporary directory, or a given Kafka with topics of the run.
 */
final class KafkaDemoBroker extends DemoBroker {
  private final String bootstrapServers;
  private final ExampleSystem.Topics topics;
  private final EmbeddedKafka embedded;
  private final Path directory;

  private KafkaDemoBroker(
      String bootstrapServers, ExampleSystem.Topics topics, EmbeddedKafka embedded, Path dir) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.embedded = embedded;
    this.directory = dir;
  }

  static KafkaDemoBroker embedded() throws IOException {
    Path directory = Files.createTempDirectory("eventline-demo-kafka");
    EmbeddedKafka kafka = EmbeddedKafka.start(directory);
    ExampleSystem.Topics topics = ExampleSystem.Topics.DEFAULT;
    kafka.createTopic(topics.orders(), 6);
    kafka.createTopic(topics.payments(), 6);
    kafka.createTopic(topics.notifications(), 3);
    return new KafkaDemoBroker(kafka.bootstrapServers(), topics, kafka, directory);
  }

  static KafkaDemoBroker external(String bootstrapServers, ExampleSystem.Topics topics)
      throws IOException {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      int brokers = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
      short replication = (short) Math.min(3, brokers);
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.orders(), 6, replication),
                  new NewTopic(topics.payments(), 6, replication),
                  new NewTopic(topics.notifications(), 3, replication)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(
          "cannot create the demo topics on Kafka at "
              + bootstrapServers
              + ": "
              + e.getMessage()
              + ". Check --kafka HOST:PORT, or leave it out to use the embedded broker",
          e);
    }
    return new KafkaDemoBroker(bootstrapServers, topics, null, null);
  }

  @Override
  Broker broker() {
    return Broker.kafka(bootstrapServers);
  }

  @Override
  ExampleSystem.Topics topics() {
    return topics;
  }

  @Override
  String describe() {
    return embedded != null
        ? "embedded Kafka 4.4 on " + bootstrapServers
        : "Kafka at " + bootstrapServers + " (topics " + topics.all() + ")";
  }

  @Override
  TopicLog read(String topic) {
    return TopicLog.read(bootstrapServers, topic);
  }

  /** Re-sends records as they are: same key, value and headers, so the same {@code ce_id}. */
  @Override
  int republish(String topic, int count) {
    Properties consumerConfig = new Properties();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-duplicator-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    int sent = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (sent < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (sent >= count) {
            break;
          }
          producer.send(
              new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers()));
          sent++;
        }
      }
      producer.flush();
    }
    return sent;
  }

  @Override
  boolean canRestart() {
    return embedded != null;
  }

  @Override
  void stop() {
    if (embedded == null) {
      super.stop();
    }
    embedded.stop();
  }

  @Override
  void restart() {
    if (embedded == null) {
      super.restart();
    }
    embedded.restart();
  }

  @Override
  public void close() {
    if (embedded == null) {
      return; // the run's topics stay on a given Kafka, for a look afterwards
    }
    try {
      embedded.close();
    } catch (RuntimeException e) {
      // the broker's threads die with the JVM
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}

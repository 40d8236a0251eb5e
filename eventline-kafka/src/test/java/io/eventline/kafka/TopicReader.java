package io.eventline.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning with its own consumer: the independent view of a test. */
public final class TopicReader {
  private TopicReader() {}

  public record Delivered(
      String key,
      String eventId,
      String type,
      int partition,
      long offset,
      ConsumerRecord<byte[], byte[]> record) {
    public String header(String name) {
      Header header = record.headers().lastHeader(name);
      return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public String value() {
      return new String(record.value(), StandardCharsets.UTF_8);
    }
  }

  /** Reads until {@code expected} records arrived (duplicates count), or the timeout passed. */
  public static List<Delivered> read(
      String bootstrap, String topic, int expected, Duration timeout) {
    return read(bootstrap, topic, expected, timeout, false);
  }

  /** Reads until {@code expected} distinct event ids arrived, or the timeout passed. */
  public static List<Delivered> readDistinct(
      String bootstrap, String topic, int expected, Duration timeout) {
    return read(bootstrap, topic, expected, timeout, true);
  }

  private static List<Delivered> read(
      String bootstrap, String topic, int expected, Duration timeout, boolean distinct) {
    Properties config = new Properties();
    config.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
    List<Delivered> delivered = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while ((distinct ? ids.size() : delivered.size()) < expected
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Header id = record.headers().lastHeader("ce_id");
          Header type = record.headers().lastHeader("ce_type");
          if (id != null) {
            ids.add(new String(id.value(), StandardCharsets.UTF_8));
          }
          delivered.add(
              new Delivered(
                  record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                  id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
                  type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                  record.partition(),
                  record.offset(),
                  record));
        }
      }
    }
    return delivered;
  }
}

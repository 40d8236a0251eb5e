package io.eventline.examples.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A topic read from the start by a reader of its own: the verdict's independent view of what the
 * broker holds, not what the code under test counted. On Kafka a consumer reads every partition
 * from the first offset; on RabbitMQ the demo's audit queues, bound before anything was published,
 * hold a copy of every message; on NATS the stream is read by sequence number.
 */
final class TopicLog {
  final int records;
  final Set<String> eventIds;
  final int orderViolations;

  private TopicLog(int records, Set<String> eventIds, int orderViolations) {
    this.records = records;
    this.eventIds = eventIds;
    this.orderViolations = orderViolations;
  }

  int duplicates() {
    return records - eventIds.size();
  }

  /** Counts records as they are read, in the broker's order; {@link #log} sums them up. */
  static final class Tally {
    private int records;
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Long> lastFirstVersion = new HashMap<>();
    private int violations;

    /** One record, by its CloudEvents attributes (any may be null on a foreign record). */
    void add(String id, String aggregateType, String subject, String version) {
      records++;
      if (id == null || !ids.add(id)) {
        return; // a duplicate: only first deliveries count for order
      }
      if (version != null) {
        long v = Long.parseLong(version);
        Long previous = lastFirstVersion.put(aggregateType + "/" + subject, v);
        if (previous != null && previous >= v) {
          violations++;
        }
      }
    }

    TopicLog log() {
      return new TopicLog(records, ids, violations);
    }
  }

  /** A Kafka topic, every partition from its first offset to the end offset seen at the start. */
  static TopicLog read(String bootstrapServers, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-verdict-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    Tally tally = new Tally();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          tally.add(
              header(record, "ce_id"),
              header(record, "ce_aggregatetype"),
              header(record, "ce_subject"),
              header(record, "ce_aggregateversion"));
        }
      }
    }
    return tally.log();
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

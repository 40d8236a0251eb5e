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
 * A topic read from the first to the last offset by a consumer of its own: the verdict's
 * independent view of what the broker holds, not what the code under test counted.
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

  static TopicLog read(String bootstrapServers, String topic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-verdict-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    int records = 0;
    Set<String> ids = new HashSet<>();
    Map<String, Long> lastFirstVersion = new HashMap<>();
    int violations = 0;
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
          records++;
          String id = header(record, "ce_id");
          if (id == null || !ids.add(id)) {
            continue; // a duplicate: only first deliveries count for order
          }
          String version = header(record, "ce_aggregateversion");
          String key = header(record, "ce_aggregatetype") + "/" + header(record, "ce_subject");
          if (version != null) {
            long v = Long.parseLong(version);
            Long previous = lastFirstVersion.put(key, v);
            if (previous != null && previous >= v) {
              violations++;
            }
          }
        }
      }
    }
    return new TopicLog(records, ids, violations);
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

package io.eventline.bench.outbox;

import io.eventline.bench.workload.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a finished run's topic from the start with a consumer of its own and counts what arrived:
 * distinct {@code seq} values, duplicates, expected events that never came, events of one aggregate
 * out of order, and for each event its latency (broker append time minus the writer's {@code ts}).
 * The append time has millisecond resolution; a latency is taken as its upper bound, (append + 1
 * ms) - ts.
 */
final class TopicAudit {
  /**
   * @param latencyMicros sorted latencies of the first copy of every event written at or after the
   *     warm-up cut
   * @param appendMillis sorted broker append times of the first copy of every event
   */
  record Result(
      long records,
      long distinct,
      long duplicates,
      long missing,
      long orderViolations,
      long firstAppendMillis,
      long lastAppendMillis,
      long[] latencyMicros,
      long[] appendMillis) {

    double percentileMillis(double p) {
      if (latencyMicros.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p / 100.0 * latencyMicros.length) - 1;
      return latencyMicros[Math.max(0, Math.min(index, latencyMicros.length - 1))] / 1000.0;
    }

    /** Distinct events per second from the first to the last append. */
    double appendRate() {
      long span = Math.max(1, lastAppendMillis - firstAppendMillis);
      return distinct * 1000.0 / span;
    }

    /**
     * Distinct events per second over the second half of the events, from the median append to the
     * last: the rate once the publisher's JVM has compiled its hot paths, which a drain of a few
     * seconds otherwise spends a large share of its CPU on.
     */
    double secondHalfRate() {
      int n = appendMillis.length;
      if (n < 2) {
        return Double.NaN;
      }
      long span = Math.max(1, appendMillis[n - 1] - appendMillis[n / 2]);
      return (n - n / 2) * 1000.0 / span;
    }
  }

  private TopicAudit() {}

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return new KafkaConsumer<>(config);
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic)
        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    return partitions;
  }

  /** The sum of the topic's end offsets: how many records it holds. */
  static long recordCount(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.endOffsets(partitions(consumer, topic)).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  static Result read(
      String bootstrap,
      String topic,
      long expectedUpTo,
      LongPredicate expected,
      long warmupMicros) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      BitSet seen = new BitSet();
      Map<String, Long> lastSeqOfKey = new HashMap<>();
      long records = 0;
      long duplicates = 0;
      long violations = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      long[] latencies = new long[1024];
      int latencyCount = 0;
      long[] appends = new long[1024];
      int appendCount = 0;
      while (!done(consumer, ends)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          records++;
          if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
            throw new IllegalStateException("topic " + topic + " does not use LogAppendTime");
          }
          String value = new String(record.value(), StandardCharsets.UTF_8);
          long seq = Payloads.field(value, "seq");
          long ts = Payloads.field(value, "ts");
          if (seq < 0 || ts < 0) {
            throw new IllegalStateException("record without seq or ts: " + value);
          }
          first = Math.min(first, record.timestamp());
          last = Math.max(last, record.timestamp());
          if (seen.get((int) seq)) {
            duplicates++;
            continue;
          }
          seen.set((int) seq);
          if (appendCount == appends.length) {
            appends = Arrays.copyOf(appends, appends.length * 2);
          }
          appends[appendCount++] = record.timestamp();
          String key = new String(record.key(), StandardCharsets.UTF_8);
          Long previous = lastSeqOfKey.put(key, seq);
          if (previous != null && previous > seq) {
            violations++;
          }
          if (ts >= warmupMicros) {
            if (latencyCount == latencies.length) {
              latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[latencyCount++] = (record.timestamp() + 1) * 1000 - ts;
          }
        }
      }
      long missing = 0;
      for (long seq = 0; seq < expectedUpTo; seq++) {
        if (expected.test(seq) && !seen.get((int) seq)) {
          missing++;
        }
      }
      long[] sorted = Arrays.copyOf(latencies, latencyCount);
      Arrays.sort(sorted);
      long[] appendTimes = Arrays.copyOf(appends, appendCount);
      Arrays.sort(appendTimes);
      return new Result(
          records,
          seen.cardinality(),
          duplicates,
          missing,
          violations,
          first,
          last,
          sorted,
          appendTimes);
    }
  }

  private static boolean done(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    Set<TopicPartition> assigned = consumer.assignment();
    for (TopicPartition partition : assigned) {
      if (consumer.position(partition) < ends.get(partition)) {
        return false;
      }
    }
    return true;
  }
}

package io.eventline.bench.outbox;

import io.eventline.bench.workload.Payloads;
import io.eventline.bench.workload.RunnerProtocol;
import io.eventline.bench.workload.Workload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker's own ceiling, in the manner of Kafka's {@code ProducerPerformance}: one producer
 * sends {@code records} records of {@code size} bytes as fast as it can (acks=all, idempotent,
 * {@code linger} ms), keyed by the benchmark's aggregate ids, and the rate is records over the time
 * from the first send to the last acknowledgement.
 */
final class ProducerBaseline {
  private ProducerBaseline() {}

  static void run(Workload workload) throws InterruptedException {
    int records = workload.getInt("records", 500_000);
    int size = workload.getInt("size", 1024);
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, workload.bootstrap());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, workload.getInt("linger", 5));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    byte[] value = new byte[size];
    Arrays.fill(value, (byte) 'x');
    int aggregates = workload.aggregates();
    byte[][] keys = new byte[aggregates][];
    for (int i = 0; i < aggregates; i++) {
      keys[i] = Payloads.aggregateId(i, aggregates).getBytes(StandardCharsets.UTF_8);
    }
    CountDownLatch acked = new CountDownLatch(records);
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.partitionsFor(workload.topic());
      long started = System.nanoTime();
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(workload.topic(), keys[i % aggregates], value),
            (metadata, error) -> {
              if (error != null) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error);
              }
              acked.countDown();
            });
      }
      acked.await();
      long nanos = System.nanoTime() - started;
      RunnerProtocol.report(
          "producer", records, failed.get(), nanos / 1_000_000, (long) (records * 1e9 / nanos));
      if (firstError.get() != null) {
        System.err.println("first send error: " + firstError.get());
      }
    }
  }
}

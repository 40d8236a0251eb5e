package io.eventline.bench.outbox;

import io.eventline.bench.workload.Payloads;
import io.eventline.bench.workload.RunnerProtocol;
import io.eventline.bench.workload.Workload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What broker-side fencing would cost, with plain kafka-clients and no database: the relay's shape
 * (32 outbox partitions, 4 workers with 8 partitions each, batches of up to {@code batch} events
 * taken from one partition at a time) publishing {@code events} benchmark events, either with one
 * idempotent producer (send the batch, await every ack) or with one transactional producer per
 * outbox partition ({@code transactional.id} per partition, one Kafka transaction per batch,
 * committed before the next).
 */
final class FencingCost {
  private static final int PARTITIONS = 32;
  private static final int WORKERS = 4;

  private FencingCost() {}

  static void run(Workload workload) throws Exception {
    boolean transactional = workload.get("variant").equals("transactional");
    int events = workload.events();
    int batch = workload.getInt("batch", 500);
    List<List<ProducerRecord<byte[], byte[]>>> byPartition = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      byPartition.add(new ArrayList<>());
    }
    for (long seq = 0; seq < events; seq++) {
      String aggregateId = Payloads.aggregateId(seq, workload.aggregates());
      byte[] value =
          Payloads.json(seq, Payloads.nowMicros(), aggregateId).getBytes(StandardCharsets.UTF_8);
      int partition = Math.floorMod(aggregateId.hashCode(), PARTITIONS);
      byPartition
          .get(partition)
          .add(
              new ProducerRecord<>(
                  workload.topic(), aggregateId.getBytes(StandardCharsets.UTF_8), value));
    }
    long setupStarted = System.nanoTime();
    List<Producer<byte[], byte[]>> producers = new ArrayList<>();
    if (transactional) {
      for (int p = 0; p < PARTITIONS; p++) {
        Map<String, Object> config = config(workload);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outbox-" + workload.topic() + "-" + p);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        producer.initTransactions();
        producers.add(producer);
      }
    } else {
      producers.add(new KafkaProducer<>(config(workload)));
    }
    long setupMillis = (System.nanoTime() - setupStarted) / 1_000_000;
    AtomicLong sent = new AtomicLong();
    AtomicLong transactions = new AtomicLong();
    long started = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int index = w;
      Thread worker =
          new Thread(
              () -> {
                try {
                  int[] next = new int[PARTITIONS];
                  boolean any = true;
                  while (any) {
                    any = false;
                    for (int p = index; p < PARTITIONS; p += WORKERS) {
                      List<ProducerRecord<byte[], byte[]>> rows = byPartition.get(p);
                      if (next[p] >= rows.size()) {
                        continue;
                      }
                      any = true;
                      List<ProducerRecord<byte[], byte[]>> slice =
                          rows.subList(next[p], Math.min(rows.size(), next[p] + batch));
                      next[p] += slice.size();
                      Producer<byte[], byte[]> producer =
                          transactional ? producers.get(p) : producers.get(0);
                      if (transactional) {
                        producer.beginTransaction();
                      }
                      List<Future<?>> acks = new ArrayList<>(slice.size());
                      for (ProducerRecord<byte[], byte[]> record : slice) {
                        acks.add(producer.send(record));
                      }
                      if (transactional) {
                        producer.commitTransaction();
                        transactions.incrementAndGet();
                      }
                      for (Future<?> ack : acks) {
                        ack.get();
                      }
                      sent.addAndGet(slice.size());
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long nanos = System.nanoTime() - started;
    producers.forEach(Producer::close);
    RunnerProtocol.report(
        "fencing",
        sent.get(),
        String.format(java.util.Locale.ROOT, "%.0f", sent.get() * 1e9 / nanos),
        nanos / 1_000_000,
        transactions.get(),
        setupMillis);
  }

  private static Map<String, Object> config(Workload workload) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, workload.bootstrap());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, workload.getInt("linger", 1));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }
}

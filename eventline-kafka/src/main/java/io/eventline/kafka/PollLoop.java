package io.eventline.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns the Kafka consumer: it polls, hands records to the partition workers, pauses
 * and resumes partitions by their queue sizes, commits settled offsets, measures lag, and answers
 * rebalances. It never runs a handler, so it keeps polling while handlers are slow.
 */
final class PollLoop implements Runnable, ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(KafkaInboxConsumer.class);
  private static final long LAG_EVERY_NANOS = 1_000_000_000L;

  private final Consumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final String name;
  private final Function<TopicPartition, PartitionWorker> newWorker;
  private final Map<TopicPartition, PartitionWorker> workers = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
  private final Duration pollTimeout;
  private final long commitEveryNanos;
  private final long stopTimeoutNanos;
  private final int queueCapacity;
  private volatile boolean running = true;
  private volatile boolean killed;
  private long lastCommit = System.nanoTime();
  private long lastLag;

  PollLoop(
      Consumer<byte[], byte[]> consumer,
      KafkaInboxConsumer.Builder settings,
      String name,
      Function<TopicPartition, PartitionWorker> newWorker) {
    this.consumer = consumer;
    this.topics = List.copyOf(settings.topics);
    this.name = name;
    this.newWorker = newWorker;
    this.pollTimeout = settings.pollTimeout;
    this.commitEveryNanos = settings.commitInterval.toNanos();
    this.stopTimeoutNanos = settings.shutdownTimeout.toNanos();
    this.queueCapacity = settings.queueCapacity;
  }

  @Override
  public void run() {
    int failures = 0;
    try {
      consumer.subscribe(topics, this);
      while (running) {
        try {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
          for (TopicPartition partition : records.partitions()) {
            PartitionWorker worker = workers.get(partition);
            if (worker != null) {
              worker.offer(records.records(partition));
            }
          }
          flowControl();
          if (System.nanoTime() - lastCommit >= commitEveryNanos) {
            commit(workers.values(), false);
          }
          measureLag();
          failures = 0;
        } catch (WakeupException | InterruptException e) {
          if (e instanceof InterruptException) {
            Thread.interrupted();
          }
          if (running) {
            log.debug("consumer {}: poll woken up while running", name);
          }
        } catch (KafkaException e) {
          failures++;
          if (failures == 1 || failures % 20 == 0) {
            log.warn(
                "consumer {}: polling failed ({} in a row), retrying: {}",
                name,
                failures,
                e.toString());
          }
          pause(Math.min(5_000, 100L << Math.min(failures, 6)));
        }
      }
    } finally {
      finish();
    }
  }

  /** Asks the loop to stop after the current poll; {@link #finish()} runs on its thread. */
  void stop(boolean kill) {
    killed = kill;
    running = false;
    consumer.wakeup();
  }

  private void finish() {
    try {
      stopWorkers(workers.values());
      if (!killed) {
        commit(workers.values(), true);
      }
    } catch (RuntimeException e) {
      log.warn("consumer {}: the final commit failed: {}", name, e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    } catch (RuntimeException e) {
      log.warn("consumer {}: closing the Kafka consumer failed: {}", name, e.toString());
    }
    workers.clear();
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      workers.computeIfAbsent(partition, newWorker);
    }
    log.info("consumer {}: assigned {}", name, partitions);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    handOver(partitions, !killed);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    handOver(partitions, false);
  }

  /** Lets the records in flight finish, commits their offsets (if allowed), drops the workers. */
  private void handOver(Collection<TopicPartition> partitions, boolean commit) {
    List<PartitionWorker> leaving =
        partitions.stream().map(workers::get).filter(w -> w != null).toList();
    stopWorkers(leaving);
    if (commit && !leaving.isEmpty()) {
      try {
        commit(leaving, true);
      } catch (RuntimeException e) {
        log.warn(
            "consumer {}: committing the offsets of revoked partitions failed: {}; their next"
                + " owner redelivers those records and the inbox drops them",
            name,
            e.toString());
      }
    }
    for (TopicPartition partition : partitions) {
      workers.remove(partition);
      paused.remove(partition);
      committed.remove(partition);
    }
    if (!partitions.isEmpty()) {
      log.info("consumer {}: {} {}", name, commit ? "revoked" : "lost", partitions);
    }
  }

  private void stopWorkers(Collection<PartitionWorker> stopping) {
    long deadline = System.nanoTime() + stopTimeoutNanos;
    for (PartitionWorker worker : stopping) {
      if (!worker.stop(Math.max(0, deadline - System.nanoTime()))) {
        log.warn(
            "consumer {}: the record in flight on {} did not finish within the shutdown timeout;"
                + " its offset is not committed and the next owner redelivers it",
            name,
            worker.partition);
      }
    }
  }

  private void commit(Collection<PartitionWorker> of, boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (PartitionWorker worker : of) {
      long next = worker.nextOffset();
      Long done = committed.get(worker.partition);
      if (next >= 0 && (done == null || next > done)) {
        offsets.put(worker.partition, new OffsetAndMetadata(next));
      }
    }
    lastCommit = System.nanoTime();
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets, Duration.ofSeconds(10));
      offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
      return;
    }
    consumer.commitAsync(
        offsets,
        (done, error) -> {
          if (error == null) {
            done.forEach(
                (partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
          } else {
            log.debug(
                "consumer {}: an offset commit failed, the next one covers it: {}",
                name,
                error.toString());
          }
        });
  }

  private void flowControl() {
    Set<TopicPartition> toPause = new HashSet<>();
    Set<TopicPartition> toResume = new HashSet<>();
    for (PartitionWorker worker : workers.values()) {
      int queued = worker.queued();
      if (queued >= queueCapacity && !paused.contains(worker.partition)) {
        toPause.add(worker.partition);
      } else if (queued <= queueCapacity / 2 && paused.contains(worker.partition)) {
        toResume.add(worker.partition);
      }
    }
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
      paused.addAll(toPause);
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
      paused.removeAll(toResume);
    }
  }

  private void measureLag() {
    long now = System.nanoTime();
    if (now - lastLag < LAG_EVERY_NANOS) {
      return;
    }
    lastLag = now;
    for (PartitionWorker worker : workers.values()) {
      OptionalLong behind = consumer.currentLag(worker.partition);
      worker.lag((behind.isPresent() ? behind.getAsLong() : 0) + worker.unsettled());
    }
  }

  boolean isPaused(TopicPartition partition) {
    return paused.contains(partition);
  }

  Collection<PartitionWorker> workers() {
    return workers.values();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.eventline.kafka;

import io.eventline.inbox.Inbox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner: a poll thread, a pool of partition workers, a timer for retries and upkeep. */
final class DefaultKafkaInboxConsumer implements KafkaInboxConsumer {
  private static final Logger log = LoggerFactory.getLogger(KafkaInboxConsumer.class);
  private static final int REPLAYS_PER_ROUND = 100;

  private final KafkaInboxConsumer.Builder settings;
  private final String consumer;
  private final Map<String, Object> config;
  private final RunnerCounters counters = new RunnerCounters();
  private ThreadPoolExecutor pool;
  private ScheduledThreadPoolExecutor timer;
  private DeadLetterTopic deadLetterTopic;
  private PollLoop loop;
  private Thread pollThread;
  private volatile boolean running;
  private boolean started;

  DefaultKafkaInboxConsumer(KafkaInboxConsumer.Builder settings) {
    this.settings = settings;
    this.consumer = settings.consumer;
    this.config = consumerConfig(settings);
  }

  private static Map<String, Object> consumerConfig(KafkaInboxConsumer.Builder settings) {
    Map<String, Object> config = new HashMap<>(settings.properties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "eventline-inbox-" + settings.consumer);
    return config;
  }

  @Override
  public synchronized KafkaInboxConsumer start() {
    if (started) {
      throw new IllegalStateException("consumer " + consumer + " was already started");
    }
    started = true;
    if (settings.deadLetterTopic != null) {
      DeadLetterTopic.requireExists(settings.bootstrapServers, config, settings.deadLetterTopic);
      deadLetterTopic =
          new DeadLetterTopic(
              settings.bootstrapServers, config, settings.deadLetterTopic, consumer);
    }
    pool =
        new ThreadPoolExecutor(
            settings.threads,
            settings.threads,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            threads("worker"));
    timer = new ScheduledThreadPoolExecutor(2, threads("timer"));
    timer.setRemoveOnCancelPolicy(true);
    RecordSteps steps =
        new RecordSteps(
            settings.inbox, consumer, settings.handler, deadLetterTopic, counters, settings.hooks);
    KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(config);
    loop =
        new PollLoop(
            kafka,
            settings,
            consumer,
            partition -> new PartitionWorker(partition, steps, pool, timer, settings.batchSize));
    running = true;
    pollThread = threads("poll").newThread(loop);
    pollThread.start();
    schedule(this::runReplays, settings.replayInterval.toMillis());
    schedule(this::purge, settings.purgeInterval.toMillis());
    log.info(
        "consumer {} started: group {}, topics {}, {} threads, batch {}, dead-letter topic {}",
        consumer,
        settings.groupId,
        settings.topics,
        settings.threads,
        settings.batchSize,
        settings.deadLetterTopic == null ? "none" : settings.deadLetterTopic);
    return this;
  }

  private void schedule(Runnable task, long everyMillis) {
    timer.scheduleWithFixedDelay(task, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
  }

  private void runReplays() {
    try {
      settings.inbox.replayRequested(consumer, settings.handler, REPLAYS_PER_ROUND);
    } catch (RuntimeException e) {
      log.warn("consumer {} could not run requested replays: {}", consumer, e.getMessage());
    }
  }

  private void purge() {
    try {
      settings.inbox.purge(consumer);
    } catch (RuntimeException e) {
      log.warn("consumer {} could not purge old marks: {}", consumer, e.getMessage());
    }
  }

  private ThreadFactory threads(String role) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(
              task, "eventline-inbox-" + consumer + "-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    stop(false);
  }

  /**
   * Stops as a crashed process would: no more commits at all (the group is left so tests need not
   * wait for a session timeout); workers are interrupted. For tests.
   */
  void kill() {
    stop(true);
  }

  private void stop(boolean kill) {
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
    }
    if (kill) {
      pool.shutdownNow();
    }
    timer.shutdownNow();
    loop.stop(kill);
    join(pollThread, settings.shutdownTimeout.toMillis() + 15_000);
    pool.shutdownNow();
    awaitTermination(pool);
    if (deadLetterTopic != null) {
      deadLetterTopic.close();
    }
    log.info(
        "consumer {} {} after {} processed, {} duplicates, {} dead-lettered",
        consumer,
        kill ? "killed" : "stopped",
        counters.processed.sum(),
        counters.duplicates.sum(),
        counters.deadLettered.sum());
  }

  private static void join(Thread thread, long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTermination(ExecutorService executor) {
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public ConsumerStatus status() {
    List<ConsumerStatus.PartitionStatus> partitions = new ArrayList<>();
    long lag = 0;
    PollLoop current = loop;
    if (current != null) {
      for (PartitionWorker worker : current.workers()) {
        partitions.add(
            new ConsumerStatus.PartitionStatus(
                worker.partition.topic(),
                worker.partition.partition(),
                worker.nextOffset(),
                worker.lag(),
                worker.queued(),
                current.isPaused(worker.partition),
                worker.retrying()));
        lag += worker.lag();
      }
    }
    partitions.sort(
        Comparator.comparing(ConsumerStatus.PartitionStatus::topic)
            .thenComparingInt(ConsumerStatus.PartitionStatus::partition));
    return new ConsumerStatus(
        consumer,
        settings.groupId,
        running,
        counters.processed.sum(),
        counters.duplicates.sum(),
        counters.failedAttempts.sum(),
        counters.deadLettered.sum(),
        counters.malformed.sum(),
        counters.parked.sum(),
        counters.deadLetterTopic.sum(),
        lag,
        List.copyOf(partitions));
  }

  @Override
  public String consumer() {
    return consumer;
  }

  Inbox inbox() {
    return settings.inbox;
  }
}

package io.eventline.kafka;

import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Consumes Kafka topics through an {@link Inbox}: each event's database side effects exactly once,
 * per-partition order kept, and a bounded amount of memory.
 *
 * <p><b>Per record.</b> The CloudEvents headers written by the relay are decoded back into the
 * envelope ({@link CloudEventsKafka#decode}); {@link Inbox#handle} inserts the mark and runs the
 * handler in one transaction; the record's offset becomes committable only after that transaction
 * committed (or found a duplicate). Offsets are committed from the poll thread every {@link
 * Builder#commitInterval}, on revocation and on close. A crash anywhere redelivers at most the
 * records after the last committed offset, and the inbox drops those already handled.
 *
 * <p><b>Order and threads.</b> The records of one partition run one at a time, in offset order;
 * different partitions run concurrently on at most {@link Builder#threads} threads. Each partition
 * queues at most {@link Builder#queueCapacity} fetched records: a full queue pauses fetching from
 * that partition, and fetching resumes when half of it drained, so a slow handler holds memory at a
 * bound instead of growing it.
 *
 * <p><b>Poison records.</b> A failing record is retried in place after the inbox's backoff, so the
 * records behind it on its partition wait (its key's order is kept) while other partitions go on.
 * After the inbox's {@link Inbox#maxAttempts()} attempts, or at once for a permanent failure, it is
 * published to the dead-letter topic when one is set, then written to {@code
 * eventline_dead_letter}, and the partition moves on. A record that is not a readable event (no
 * {@code ce_id}, broken headers) goes the same way with the reason, at once; nothing a record holds
 * stops its partition or the process. When the database is down, records are retried, never
 * skipped.
 *
 * <p><b>Rebalances and shutdown.</b> On revocation (and on {@link #close()}) the record in flight
 * on each partition finishes, its offset is committed, and queued records are dropped for the next
 * owner. A record waiting to be retried is abandoned to the next owner, which starts its attempts
 * again. Partitions lost without revocation are not committed; the inbox drops what the next owner
 * redelivers.
 *
 * <p><b>Replays and retention.</b> The consumer also runs the replays operators request ({@link
 * io.eventline.inbox.InboxAdmin#replay}) every {@link Builder#replayInterval} and purges its marks
 * every {@link Builder#purgeInterval}.
 *
 * <p>Hazards: the dead-letter topic is at-least-once (a crash between its publication and the dead
 * letter's commit publishes again): deduplicate on {@code ce_id}. Attempts are counted per owner; a
 * record that crashes the process itself is retried by every new owner.
 */
public interface KafkaInboxConsumer extends AutoCloseable {

  /**
   * @param bootstrapServers the Kafka cluster
   * @param groupId the consumer group; also the inbox consumer name unless {@link Builder#consumer}
   *     says otherwise
   * @param inbox the consumer database's inbox
   */
  static Builder builder(String bootstrapServers, String groupId, Inbox inbox) {
    return new Builder(bootstrapServers, groupId, inbox);
  }

  /**
   * Subscribes and starts the poll thread and the workers; returns at once.
   *
   * @throws IllegalStateException when the dead-letter topic does not exist, or it was started
   *     before
   */
  KafkaInboxConsumer start();

  /**
   * Stops gracefully: no new records; the record in flight on each partition finishes (up to the
   * shutdown timeout), offsets are committed, the group is left.
   */
  @Override
  void close();

  ConsumerStatus status();

  /** The inbox consumer name. */
  String consumer();

  /** Settings for {@link KafkaInboxConsumer}, validated as they are set and by {@link #build()}. */
  final class Builder {
    private static final Set<String> FIXED =
        Set.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);

    final String bootstrapServers;
    final String groupId;
    final Inbox inbox;
    final Map<String, Object> properties = new HashMap<>();
    final List<String> topics = new ArrayList<>();
    String consumer;
    InboxHandler<byte[]> handler;
    int threads = 4;
    int batchSize = 1;
    int queueCapacity = 1_000;
    String deadLetterTopic;
    Duration pollTimeout = Duration.ofMillis(100);
    Duration commitInterval = Duration.ofMillis(200);
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration replayInterval = Duration.ofSeconds(5);
    Duration purgeInterval = Duration.ofMinutes(10);
    TestHooks hooks = TestHooks.NONE;

    Builder(String bootstrapServers, String groupId, Inbox inbox) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("KafkaInboxConsumer.bootstrapServers may not be blank");
      }
      this.bootstrapServers = bootstrapServers;
      this.groupId = KafkaNames.require("KafkaInboxConsumer.groupId", groupId);
      this.inbox = Objects.requireNonNull(inbox, "KafkaInboxConsumer.inbox may not be null");
    }

    /** The inbox consumer name (the key of its marks); default the group id. */
    public Builder consumer(String value) {
      this.consumer = Inbox.requireConsumerName(value);
      return this;
    }

    /** The topics to subscribe to; at least one. */
    public Builder topics(String... values) {
      for (String topic : values) {
        topics.add(KafkaNames.require("KafkaInboxConsumer.topics", topic));
      }
      return this;
    }

    /** The handler of raw events: the payload is the record value. */
    public Builder handler(InboxHandler<byte[]> value) {
      this.handler = Objects.requireNonNull(value, "KafkaInboxConsumer.handler may not be null");
      return this;
    }

    /**
     * The handler of events whose payload is JSON of {@code type}; a payload that does not decode
     * is dead-lettered at once as malformed, with the codec's reason.
     */
    public <T> Builder handler(Class<T> type, InboxHandler<T> value) {
      return handler(type, PayloadCodec.json(), value);
    }

    /** Like {@link #handler(Class, InboxHandler)} with another codec. */
    public <T> Builder handler(Class<T> type, PayloadCodec codec, InboxHandler<T> value) {
      return handler(InboxHandler.decoding(type, codec, value));
    }

    /** Partitions processed at once, in [1, 256]; default 4. */
    public Builder threads(int value) {
      this.threads = range("threads", value, 1, 256);
      return this;
    }

    /**
     * Records handled per transaction, in [1, 1000]; default 1. Above 1, up to this many queued
     * records of a partition share one transaction ({@link Inbox#handleBatch}); a batch that fails
     * is retried record by record, so a poison record is still isolated.
     */
    public Builder batchSize(int value) {
      this.batchSize = range("batchSize", value, 1, 1_000);
      return this;
    }

    /** Fetched records held per partition before fetching pauses, in [1, 100000]; default 1000. */
    public Builder queueCapacity(int value) {
      this.queueCapacity = range("queueCapacity", value, 1, 100_000);
      return this;
    }

    /**
     * A topic that receives every dead-lettered record (as it arrived, with {@code eventline.dlq.*}
     * headers: reason, consumer, source, attempts), besides the table. It must exist; {@link
     * KafkaInboxConsumer#start()} checks.
     */
    public Builder deadLetterTopic(String value) {
      this.deadLetterTopic = KafkaNames.require("KafkaInboxConsumer.deadLetterTopic", value);
      return this;
    }

    /** The longest a poll waits for records; default 100 ms. */
    public Builder pollTimeout(Duration value) {
      this.pollTimeout =
          duration("pollTimeout", value, Duration.ofMillis(1), Duration.ofSeconds(10));
      return this;
    }

    /** How often settled offsets are committed; default 200 ms. */
    public Builder commitInterval(Duration value) {
      this.commitInterval = duration("commitInterval", value, Duration.ZERO, Duration.ofMinutes(1));
      return this;
    }

    /**
     * How long a revocation or {@link KafkaInboxConsumer#close()} waits for records in flight;
     * default 30 s. Keep it below {@code max.poll.interval.ms}.
     */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout =
          duration("shutdownTimeout", value, Duration.ZERO, Duration.ofMinutes(4));
      return this;
    }

    /** How often requested replays are run; default 5 s. */
    public Builder replayInterval(Duration value) {
      this.replayInterval =
          duration("replayInterval", value, Duration.ofMillis(10), Duration.ofHours(1));
      return this;
    }

    /** How often old marks are purged; default 10 min. */
    public Builder purgeInterval(Duration value) {
      this.purgeInterval =
          duration("purgeInterval", value, Duration.ofMillis(10), Duration.ofDays(1));
      return this;
    }

    /**
     * A Kafka consumer property (security, SASL, TLS, {@code max.poll.records}, {@code
     * auto.offset.reset}, ...). The group id, the deserializers, the bootstrap servers and {@code
     * enable.auto.commit} (always false: offsets are committed after the database) are fixed.
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "KafkaInboxConsumer.property key may not be null");
      if (FIXED.contains(key)) {
        throw new IllegalArgumentException(
            "KafkaInboxConsumer property '"
                + key
                + "' is fixed by Eventline: offsets are committed only after the database commit,"
                + " records are read as bytes, and the group and servers are builder arguments");
      }
      properties.put(key, value);
      return this;
    }

    Builder hooks(TestHooks value) {
      this.hooks = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException when no topic or no handler was given, or the batch size is
     *     above what the inbox takes
     */
    public KafkaInboxConsumer build() {
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("KafkaInboxConsumer.topics: give at least one topic");
      }
      if (handler == null) {
        throw new IllegalArgumentException("KafkaInboxConsumer.handler must be set");
      }
      if (batchSize > inbox.maxBatchSize()) {
        throw new IllegalArgumentException(
            "KafkaInboxConsumer.batchSize ("
                + batchSize
                + ") is above the inbox's Inbox.maxBatchSize ("
                + inbox.maxBatchSize()
                + "); lower batchSize or raise Inbox.maxBatchSize");
      }
      if (consumer == null) {
        consumer = Inbox.requireConsumerName(groupId);
      }
      return new DefaultKafkaInboxConsumer(this);
    }

    private static int range(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "KafkaInboxConsumer."
                + setting
                + " must be in ["
                + min
                + ", "
                + max
                + "] but was "
                + value);
      }
      return value;
    }

    private static Duration duration(String setting, Duration value, Duration min, Duration max) {
      if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "KafkaInboxConsumer."
                + setting
                + " must be in ["
                + min
                + ", "
                + max
                + "] but was "
                + value);
      }
      return value;
    }
  }
}

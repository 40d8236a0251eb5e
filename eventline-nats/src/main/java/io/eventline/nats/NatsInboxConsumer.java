package io.eventline.nats;

import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.transport.InboxConsumerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consumes NATS JetStream topics through an {@link Inbox}: each event's database side effects
 * exactly once, per-aggregate order kept while one instance runs, messages acknowledged only after
 * the database commit.
 *
 * <p><b>Consumers.</b> For each topic and partition it binds a durable pull consumer named {@code
 * <consumer>_<topic>_<partition>} (dots become underscores) on the stream that captures {@code
 * <topic>.<partition>}, with explicit acknowledgement, {@link Builder#ackWait} and at most {@link
 * Builder#fetchBatch} messages unacknowledged. One thread per partition fetches and settles them
 * one at a time, in stream order.
 *
 * <p><b>Per message.</b> The {@code ce-} headers are decoded back into the envelope; {@link
 * Inbox#handle} inserts the mark and runs the handler in one transaction; only then is the message
 * acknowledged. A failure is retried in place after the inbox's backoff (the partition's later
 * messages wait; the message is kept alive with {@code +WPI}); after {@link Inbox#maxAttempts()}
 * attempts, or at once for a permanent failure, it is written to {@code eventline_dead_letter} and
 * acknowledged. A message that is not a readable event is dead-lettered at once with the reason.
 *
 * <p><b>Order, plainly.</b> JetStream has no consumer groups with partition ownership on the server
 * this was built for (NATS 2.9): two instances with the same consumer name share each durable
 * consumer and split its messages, so one aggregate's events can be handled concurrently and out of
 * order (still exactly once). Run one instance per consumer name, or give instances disjoint {@link
 * Builder#ownPartitions}. A redelivery after {@code ackWait} (a crash, a handler slower than the
 * wait) comes before newer messages of that partition, since no more than the fetch batch is ever
 * unacknowledged.
 *
 * <p><b>Shutdown.</b> {@link #close()} lets each partition's message in flight finish (up to the
 * shutdown timeout) and acknowledges it; fetched messages not started are nacked, so they are
 * redelivered at once, in order, to the next instance.
 */
public interface NatsInboxConsumer extends AutoCloseable {

  /**
   * @param servers such as {@code nats://host:4222}
   * @param consumer the inbox consumer name, also the durable consumers' prefix
   * @param inbox the consumer database's inbox
   */
  static Builder builder(String servers, String consumer, Inbox inbox) {
    return new Builder(servers, consumer, inbox);
  }

  /**
   * Binds the durable consumers and starts fetching; returns at once.
   *
   * @throws IllegalStateException when NATS cannot be reached or no stream captures a topic
   */
  NatsInboxConsumer start();

  /** Stops gracefully; see the class comment. */
  @Override
  void close();

  InboxConsumerStatus status();

  /** Settings for {@link NatsInboxConsumer}, validated as they are set and by build. */
  final class Builder {
    final String servers;
    final String consumer;
    final Inbox inbox;
    final List<String> topics = new ArrayList<>();
    InboxHandler<byte[]> handler;
    int partitions = 8;
    int fetchBatch = 100;
    Duration ackWait = Duration.ofSeconds(30);
    java.util.Set<Integer> ownPartitions;
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration replayInterval = Duration.ofSeconds(5);
    Duration purgeInterval = Duration.ofMinutes(10);

    Builder(String servers, String consumer, Inbox inbox) {
      if (servers == null || servers.isBlank()) {
        throw new IllegalArgumentException("NatsInboxConsumer.servers may not be blank");
      }
      this.servers = servers;
      this.consumer = Inbox.requireConsumerName(consumer);
      this.inbox = Objects.requireNonNull(inbox, "NatsInboxConsumer.inbox may not be null");
    }

    /** The topics to consume (subjects {@code <topic>.<partition>}); at least one. */
    public Builder topics(String... values) {
      for (String topic : values) {
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,200}")) {
          throw new IllegalArgumentException(
              "NatsInboxConsumer.topics: '"
                  + topic
                  + "' is not a valid topic (1 to 200 of a-z, A-Z, 0-9, '.', '_', '-')");
        }
        topics.add(topic);
      }
      return this;
    }

    /** The handler of raw events: the payload is the message data. */
    public Builder handler(InboxHandler<byte[]> value) {
      this.handler = Objects.requireNonNull(value, "NatsInboxConsumer.handler may not be null");
      return this;
    }

    /** The handler of JSON payloads of {@code type}; undecodable ones are dead-lettered at once. */
    public <T> Builder handler(Class<T> type, InboxHandler<T> value) {
      return handler(InboxHandler.decoding(type, PayloadCodec.json(), value));
    }

    /** Partitions per topic, in [1, 1024]; default 8. Must equal the transport's partitions. */
    public Builder partitions(int value) {
      this.partitions = range("partitions", value, 1, 1_024);
      return this;
    }

    /**
     * Messages fetched at once per partition, also the most left unacknowledged, in [1, 10000];
     * default 100.
     */
    public Builder fetchBatch(int value) {
      this.fetchBatch = range("fetchBatch", value, 1, 10_000);
      return this;
    }

    /**
     * How long JetStream waits for an acknowledgement before redelivering; default 30 s. Retries in
     * place keep the message alive, so this bounds how long a crash delays redelivery.
     */
    public Builder ackWait(Duration value) {
      this.ackWait = duration("ackWait", value, Duration.ofSeconds(1));
      return this;
    }

    /**
     * The partitions this instance consumes; default all. Give several instances of one consumer
     * disjoint sets to share the work and keep per-aggregate order.
     */
    public Builder ownPartitions(java.util.Set<Integer> value) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "NatsInboxConsumer.ownPartitions must name at least one partition but was " + value);
      }
      this.ownPartitions = java.util.Set.copyOf(value);
      return this;
    }

    /** How long {@link #close()} waits for the messages in flight; default 30 s. */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = duration("shutdownTimeout", value, Duration.ZERO);
      return this;
    }

    /** How often requested replays run; default 5 s. */
    public Builder replayInterval(Duration value) {
      this.replayInterval = duration("replayInterval", value, Duration.ofMillis(10));
      return this;
    }

    /** How often old marks are purged; default 10 min. */
    public Builder purgeInterval(Duration value) {
      this.purgeInterval = duration("purgeInterval", value, Duration.ofMillis(10));
      return this;
    }

    /**
     * @throws IllegalArgumentException when no topic or no handler was given
     */
    public NatsInboxConsumer build() {
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("NatsInboxConsumer.topics: give at least one");
      }
      if (handler == null) {
        throw new IllegalArgumentException("NatsInboxConsumer.handler must be set");
      }
      if (ownPartitions != null) {
        for (int partition : ownPartitions) {
          if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException(
                "NatsInboxConsumer.ownPartitions: partition "
                    + partition
                    + " is not in [0, "
                    + partitions
                    + ")");
          }
        }
      }
      return new DefaultNatsInboxConsumer(this);
    }

    private static int range(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "NatsInboxConsumer."
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

    private static Duration duration(String setting, Duration value, Duration min) {
      if (value == null || value.compareTo(min) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "NatsInboxConsumer." + setting + " must be in [" + min + ", PT24H] but was " + value);
      }
      return value;
    }
  }
}

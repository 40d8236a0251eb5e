package io.eventline.nats;

import io.eventline.inbox.Inbox;
import io.eventline.transport.InboxConsumerBuilder;
import io.eventline.transport.InboxConsumerSettings;
import io.eventline.transport.InboxConsumerStatus;
import java.time.Duration;
import java.util.Set;

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
  final class Builder extends InboxConsumerBuilder<Builder> {
    final String servers;
    int partitions = 8;
    int fetchBatch = 100;
    Duration ackWait = Duration.ofSeconds(30);
    Set<Integer> ownPartitions;

    Builder(String servers, String consumer, Inbox inbox) {
      super(NatsInboxConsumer.class, consumer, inbox);
      if (servers == null || servers.isBlank()) {
        throw invalid("servers may not be blank");
      }
      this.servers = servers;
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
      this.ackWait = duration("ackWait", value, Duration.ofSeconds(1), Duration.ofDays(1));
      return this;
    }

    /**
     * The partitions this instance consumes; default all. Give several instances of one consumer
     * disjoint sets to share the work and keep per-aggregate order.
     */
    public Builder ownPartitions(Set<Integer> value) {
      if (value == null || value.isEmpty()) {
        throw invalid("ownPartitions must name at least one partition but was " + value);
      }
      this.ownPartitions = Set.copyOf(value);
      return this;
    }

    /**
     * @throws IllegalArgumentException when no topic or no handler was given, or an own partition
     *     is not one of the partitions
     */
    public NatsInboxConsumer build() {
      InboxConsumerSettings common = settings();
      if (ownPartitions != null) {
        for (int partition : ownPartitions) {
          if (partition < 0 || partition >= partitions) {
            throw invalid(
                "ownPartitions: partition " + partition + " is not in [0, " + partitions + ")");
          }
        }
      }
      return new DefaultNatsInboxConsumer(common, this);
    }
  }
}

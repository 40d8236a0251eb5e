package io.eventline.rabbitmq;

import io.eventline.core.PayloadCodec;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.transport.InboxConsumerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consumes RabbitMQ topics through an {@link Inbox}: each event's database side effects exactly
 * once, per-aggregate order kept, messages acknowledged only after the database commit.
 *
 * <p><b>Queues.</b> On start it declares, for each topic, the durable direct exchange and one
 * durable queue per partition named {@code <topic>.<consumer>.<partition>}, with {@code
 * x-single-active-consumer} (see {@link RabbitMqTransport} for the routing). Every instance of the
 * consumer subscribes to every queue; RabbitMQ lets one of them consume each queue at a time and
 * hands the queue to another when that one goes away. That keeps a partition's messages in order
 * across instances; it does not spread queues over instances (the first one to subscribe is active
 * on all of them).
 *
 * <p><b>Per message.</b> The CloudEvents AMQP attributes are decoded back into the envelope; {@link
 * Inbox#handle} inserts the mark and runs the handler in one transaction; only then is the message
 * acknowledged. A failure is retried in place after the inbox's backoff (the queue's later messages
 * wait, other queues go on); after {@link Inbox#maxAttempts()} attempts, or at once for a permanent
 * failure, it is written to {@code eventline_dead_letter} and acknowledged. A message that is not a
 * readable event is dead-lettered at once with the reason. A crash between the commit and the
 * acknowledgement redelivers the message; the inbox finds its mark and skips it.
 *
 * <p><b>Shutdown.</b> {@link #close()} cancels the subscriptions, lets each queue's message in
 * flight finish (up to the shutdown timeout) and acknowledges it; prefetched messages go back to
 * their queue, in order, for the next consumer.
 *
 * <p>Hazards: RabbitMQ's {@code consumer_timeout} (30 min by default) closes the channel of a
 * message unacknowledged that long; keep the inbox's retries well below it. Requeued messages carry
 * the redelivered flag only; attempts are counted per delivery, not across consumers.
 */
public interface RabbitMqInboxConsumer extends AutoCloseable {

  /**
   * @param uri such as {@code amqp://user:password@host:5672/vhost}
   * @param consumer the inbox consumer name, also the queues' group name
   * @param inbox the consumer database's inbox
   */
  static Builder builder(String uri, String consumer, Inbox inbox) {
    return new Builder(uri, consumer, inbox);
  }

  /**
   * Declares the queues, subscribes and returns.
   *
   * @throws IllegalStateException when RabbitMQ cannot be reached or refuses the declarations
   */
  RabbitMqInboxConsumer start();

  /** Stops gracefully; see the class comment. */
  @Override
  void close();

  InboxConsumerStatus status();

  /** Settings for {@link RabbitMqInboxConsumer}, validated as they are set and by build. */
  final class Builder {
    final String uri;
    final String consumer;
    final Inbox inbox;
    final List<String> topics = new ArrayList<>();
    InboxHandler<byte[]> handler;
    int partitions = 8;
    int prefetch = 100;
    String queueType = "quorum";
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration replayInterval = Duration.ofSeconds(5);
    Duration purgeInterval = Duration.ofMinutes(10);

    Builder(String uri, String consumer, Inbox inbox) {
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException("RabbitMqInboxConsumer.uri may not be blank");
      }
      this.uri = uri;
      this.consumer = Inbox.requireConsumerName(consumer);
      this.inbox = Objects.requireNonNull(inbox, "RabbitMqInboxConsumer.inbox may not be null");
    }

    /** The topics (exchanges) to consume; at least one. */
    public Builder topics(String... values) {
      for (String topic : values) {
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,200}")) {
          throw new IllegalArgumentException(
              "RabbitMqInboxConsumer.topics: '"
                  + topic
                  + "' is not a valid topic (1 to 200 of a-z, A-Z, 0-9, '.', '_', '-')");
        }
        topics.add(topic);
      }
      return this;
    }

    /** The handler of raw events: the payload is the message body. */
    public Builder handler(InboxHandler<byte[]> value) {
      this.handler = Objects.requireNonNull(value, "RabbitMqInboxConsumer.handler may not be null");
      return this;
    }

    /** The handler of JSON payloads of {@code type}; undecodable ones are dead-lettered at once. */
    public <T> Builder handler(Class<T> type, InboxHandler<T> value) {
      return handler(InboxHandler.decoding(type, PayloadCodec.json(), value));
    }

    /** Queues per topic, in [1, 1024]; default 8. Must equal the transport's partitions. */
    public Builder partitions(int value) {
      this.partitions = range("partitions", value, 1, 1_024);
      return this;
    }

    /** Unacknowledged messages RabbitMQ sends ahead per queue, in [1, 10000]; default 100. */
    public Builder prefetch(int value) {
      this.prefetch = range("prefetch", value, 1, 10_000);
      return this;
    }

    /**
     * The type of the queues it declares: {@code quorum} (default; replicated, the durable choice)
     * or {@code classic}. An existing queue of another type makes {@link #start()} fail.
     */
    public Builder queueType(String value) {
      if (!"quorum".equals(value) && !"classic".equals(value)) {
        throw new IllegalArgumentException(
            "RabbitMqInboxConsumer.queueType must be 'quorum' or 'classic' but was '"
                + value
                + "'");
      }
      this.queueType = value;
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
    public RabbitMqInboxConsumer build() {
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("RabbitMqInboxConsumer.topics: give at least one");
      }
      if (handler == null) {
        throw new IllegalArgumentException("RabbitMqInboxConsumer.handler must be set");
      }
      return new DefaultRabbitMqInboxConsumer(this);
    }

    private static int range(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "RabbitMqInboxConsumer."
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
            "RabbitMqInboxConsumer."
                + setting
                + " must be in ["
                + min
                + ", PT24H] but was "
                + value);
      }
      return value;
    }
  }
}

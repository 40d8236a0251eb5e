package io.eventline.rabbitmq;

import io.eventline.inbox.Inbox;
import io.eventline.transport.InboxConsumerBuilder;
import io.eventline.transport.InboxConsumerStatus;

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
  final class Builder extends InboxConsumerBuilder<Builder> {
    final String uri;
    int partitions = 8;
    int prefetch = 100;
    String queueType = "quorum";

    Builder(String uri, String consumer, Inbox inbox) {
      super(RabbitMqInboxConsumer.class, consumer, inbox);
      if (uri == null || uri.isBlank()) {
        throw invalid("uri may not be blank");
      }
      this.uri = uri;
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
        throw invalid("queueType must be 'quorum' or 'classic' but was '" + value + "'");
      }
      this.queueType = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException when no topic or no handler was given
     */
    public RabbitMqInboxConsumer build() {
      return new DefaultRabbitMqInboxConsumer(settings(), this);
    }
  }
}

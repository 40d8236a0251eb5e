package io.eventline.sqs;

import io.eventline.inbox.Inbox;
import io.eventline.transport.InboxConsumerBuilder;
import io.eventline.transport.InboxConsumerStatus;
import java.time.Duration;
import java.util.Objects;

/**
 * Consumes SQS queues through an {@link Inbox}: each event's database side effects exactly once,
 * messages deleted only after the database commit, and on FIFO queues per-aggregate order.
 *
 * <p><b>Per message.</b> Threads ({@link Builder#pollers} per queue) long-poll {@code
 * <prefix><topic>[.fifo]} for up to 10 messages and settle them one at a time: the attributes are
 * decoded back into the envelope, {@link Inbox#handle} inserts the mark and runs the handler in one
 * transaction, and only then is the message deleted. A failure is retried in place after the
 * inbox's backoff (its visibility is extended meanwhile); after {@link Inbox#maxAttempts()}
 * attempts, or at once for a permanent failure, it is written to {@code eventline_dead_letter} and
 * deleted. A message that is not a readable event is dead-lettered at once with the reason.
 *
 * <p><b>Order, plainly.</b> On a FIFO queue SQS hands out no message of a group (an aggregate)
 * while an earlier one of it is received and not deleted, so one aggregate's events are handled in
 * order however many pollers and instances run. On a standard queue there is no order at all, and
 * SQS may deliver a message twice (the inbox makes that harmless).
 *
 * <p><b>Shutdown.</b> {@link #close()} stops polling (a long poll in progress ends within {@link
 * Builder#waitTime}), lets the message in flight finish and deletes it, and makes the received
 * messages not yet started visible again at once, for the next consumer.
 *
 * <p>Hazards: a crash leaves received messages invisible until their visibility timeout expires;
 * keep {@link Builder#visibilityTimeout} short enough for that delay and longer than one handler
 * attempt. A queue's redrive policy (SQS's own dead-letter queue) counts receives, not attempts:
 * set its {@code maxReceiveCount} well above the inbox's attempts, or leave it off.
 */
public interface SqsInboxConsumer extends AutoCloseable {

  /**
   * @param client the SQS client; closed when the consumer closes
   * @param consumer the inbox consumer name
   * @param inbox the consumer database's inbox
   */
  static Builder builder(
      software.amazon.awssdk.services.sqs.SqsClient client, String consumer, Inbox inbox) {
    return new Builder(client, consumer, inbox);
  }

  /**
   * Like {@link #builder(software.amazon.awssdk.services.sqs.SqsClient, String, Inbox)} with a
   * client of its own.
   */
  static Builder builder(java.net.URI endpoint, String region, String consumer, Inbox inbox) {
    return builder(SqsTransport.client(endpoint, region), consumer, inbox);
  }

  /**
   * Looks the queues up and starts polling; returns at once.
   *
   * @throws IllegalStateException when SQS cannot be reached or a queue does not exist
   */
  SqsInboxConsumer start();

  /** Stops gracefully; see the class comment. */
  @Override
  void close();

  InboxConsumerStatus status();

  /** Settings for {@link SqsInboxConsumer}, validated as they are set and by build. */
  final class Builder extends InboxConsumerBuilder<Builder> {
    final software.amazon.awssdk.services.sqs.SqsClient client;
    String queuePrefix = "";
    boolean fifo = true;
    int pollers = 2;
    Duration waitTime = Duration.ofSeconds(10);
    Duration visibilityTimeout = Duration.ofSeconds(60);

    Builder(software.amazon.awssdk.services.sqs.SqsClient client, String consumer, Inbox inbox) {
      super(SqsInboxConsumer.class, consumer, inbox);
      this.client = Objects.requireNonNull(client, "SqsInboxConsumer.client may not be null");
    }

    /** Put before every topic's queue name; must match the transport's. Default none. */
    public Builder queuePrefix(String value) {
      if (value == null || !value.matches("[A-Za-z0-9_-]{0,40}")) {
        throw invalid(
            "queuePrefix must be 0 to 40 of a-z, A-Z, 0-9, '_', '-' but was '" + value + "'");
      }
      this.queuePrefix = value;
      return this;
    }

    /** FIFO queues (default true); must match the transport's. */
    public Builder fifo(boolean value) {
      this.fifo = value;
      return this;
    }

    /** Polling threads per queue, in [1, 64]; default 2. */
    public Builder pollers(int value) {
      this.pollers = range("pollers", value, 1, 64);
      return this;
    }

    /** How long one receive waits for messages (long polling), in [0, 20 s]; default 10 s. */
    public Builder waitTime(Duration value) {
      this.waitTime = duration("waitTime", value, Duration.ZERO, Duration.ofSeconds(20));
      return this;
    }

    /**
     * How long a received message stays invisible to others; default 60 s, extended while it is
     * retried in place.
     */
    public Builder visibilityTimeout(Duration value) {
      this.visibilityTimeout =
          duration("visibilityTimeout", value, Duration.ofSeconds(1), Duration.ofHours(12));
      return this;
    }

    /**
     * @throws IllegalArgumentException when no topic or no handler was given
     */
    public SqsInboxConsumer build() {
      return new DefaultSqsInboxConsumer(settings(), this);
    }
  }
}

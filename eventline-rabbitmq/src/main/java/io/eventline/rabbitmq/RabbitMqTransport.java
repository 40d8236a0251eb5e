package io.eventline.rabbitmq;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.eventline.outbox.OutboxRecord;
import io.eventline.outbox.OutboxTransport;
import io.eventline.transport.ExistenceCache;
import io.eventline.transport.PartitionKey;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes outbox records to RabbitMQ with publisher confirms: a send completes only when the
 * broker confirmed the message, which for a persistent message on a durable queue means it was
 * written to disk (quorum queues: to a majority of replicas). Messages are persistent and published
 * as mandatory, so a message that no queue would take fails (retriable) instead of vanishing.
 *
 * <p><b>Routing.</b> Each topic (the aggregate type, or the row's topic) is a durable direct
 * exchange; the routing key is the aggregate's partition, {@code FNV-1a(aggregateId) mod
 * partitions} (see {@link PartitionKey}). Consumer groups bind one queue per partition ({@link
 * RabbitMqInboxConsumer}). Messages of one aggregate always go through the same channel, so they
 * reach their queue in the order sent.
 *
 * <p><b>Failures.</b> A broker that cannot be reached, a closed connection or a nack is unavailable
 * (costs the events nothing; the relay backs off). A missing exchange (when {@link
 * Builder#declareExchanges} is off) or a message no queue is bound for is retriable. A message
 * larger than {@link Builder#maxMessageBytes} is rejected before sending.
 *
 * <p><b>Hazard.</b> A message confirmed by the broker but whose confirm was lost with the
 * connection is sent again by the relay: consumers deduplicate on the event id (the inbox does).
 */
public final class RabbitMqTransport implements OutboxTransport {
  private final ConnectionFactory factory;
  private final String endpoint;
  private final String source;
  private final int partitions;
  private final int maxMessageBytes;
  private final boolean declareExchanges;
  private final PublishChannel[] channels;
  private final ExistenceCache<Boolean> exchanges;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile Connection connection;
  private volatile boolean closed;

  private RabbitMqTransport(Builder settings) {
    this.factory = settings.factory;
    this.endpoint = settings.endpoint;
    this.source = settings.source;
    this.partitions = settings.partitions;
    this.maxMessageBytes = settings.maxMessageBytes;
    this.declareExchanges = settings.declareExchanges;
    this.channels = new PublishChannel[settings.channels];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = new PublishChannel();
    }
    this.exchanges = new ExistenceCache<>(this::probeExchange, settings.exchangeCacheTtl);
  }

  /**
   * @param uri such as {@code amqp://user:password@host:5672/vhost} ({@code amqps://} for TLS)
   */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public String reject(OutboxRecord record) {
    int size = AmqpCloudEvents.estimateSize(record.event());
    if (size > maxMessageBytes) {
      return "the message is about "
          + size
          + " bytes, more than RabbitMqTransport.maxMessageBytes ("
          + maxMessageBytes
          + " bytes; keep it at or below the broker's max_message_size)";
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> send(OutboxRecord record) {
    try {
      Connection open = connection();
      if (exchanges.get(record.topic()) == null) {
        return CompletableFuture.failedFuture(
            new PublishFailure(
                PublishFailure.Kind.MISSING_EXCHANGE,
                "exchange '"
                    + record.topic()
                    + "' does not exist on "
                    + endpoint
                    + "; declare it (a durable direct exchange), start a consumer of the topic, or"
                    + " turn RabbitMqTransport.declareExchanges on"));
      }
      String aggregateId = record.event().aggregateId();
      PublishChannel channel = channels[PartitionKey.of(aggregateId, channels.length)];
      return channel.publish(
          open,
          record.topic(),
          Integer.toString(PartitionKey.of(aggregateId, partitions)),
          AmqpCloudEvents.properties(record.event(), source),
          record.event().payload());
    } catch (IOException | TimeoutException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public FailureKind classify(Throwable failure) {
    if (failure instanceof PublishFailure publish) {
      return publish.kind == PublishFailure.Kind.NACKED
          ? FailureKind.UNAVAILABLE
          : FailureKind.RETRIABLE;
    }
    if (failure instanceof ShutdownSignalException shutdown && !shutdown.isHardError()) {
      String reason = String.valueOf(shutdown.getMessage());
      if (reason.contains("max size") || reason.contains("message size")) {
        return FailureKind.PERMANENT;
      }
      return shutdown.isInitiatedByApplication() ? FailureKind.UNAVAILABLE : FailureKind.RETRIABLE;
    }
    if (failure instanceof ShutdownSignalException
        || failure instanceof AlreadyClosedException
        || failure instanceof IOException
        || failure instanceof java.io.UncheckedIOException
        || failure instanceof TimeoutException) {
      return FailureKind.UNAVAILABLE;
    }
    return FailureKind.RETRIABLE;
  }

  private Connection connection() throws IOException, TimeoutException {
    Connection current = connection;
    if (current != null && current.isOpen()) {
      return current;
    }
    connecting.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the RabbitMQ transport to " + endpoint + " is closed");
      }
      current = connection;
      if (current == null || !current.isOpen()) {
        current = factory.newConnection("eventline-relay");
        connection = current;
      }
      return current;
    } finally {
      connecting.unlock();
    }
  }

  /** TRUE when the exchange exists (or was declared), null when it does not. */
  private Boolean probeExchange(String topic) {
    try {
      Channel channel = connection().createChannel();
      try {
        if (declareExchanges) {
          RabbitTopology.declareExchange(channel, topic);
        } else {
          channel.exchangeDeclarePassive(topic);
        }
        return Boolean.TRUE;
      } finally {
        if (channel.isOpen()) {
          channel.close();
        }
      }
    } catch (IOException e) {
      if (e.getCause() instanceof ShutdownSignalException shutdown
          && !shutdown.isHardError()
          && String.valueOf(shutdown.getMessage()).contains("NOT_FOUND")) {
        return null;
      }
      throw new java.io.UncheckedIOException(
          "cannot check exchange '" + topic + "' on " + endpoint + ": " + e, e);
    } catch (TimeoutException e) {
      throw new java.io.UncheckedIOException(
          "cannot check exchange '" + topic + "' on " + endpoint + ": " + e, new IOException(e));
    }
  }

  @Override
  public void close() {
    connecting.lock();
    try {
      closed = true;
      for (PublishChannel channel : channels) {
        channel.close();
      }
      Connection current = connection;
      if (current != null && current.isOpen()) {
        try {
          current.close(10_000);
        } catch (IOException | RuntimeException e) {
          // the broker is gone already
        }
      }
    } finally {
      connecting.unlock();
    }
  }

  /** Settings for {@link RabbitMqTransport}, validated as they are set. */
  public static final class Builder {
    private final ConnectionFactory factory = new ConnectionFactory();
    private final String endpoint;
    private String source = "/eventline";
    private int partitions = 8;
    private int channels = 4;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private boolean declareExchanges = true;
    private Duration exchangeCacheTtl = Duration.ofSeconds(10);

    Builder(String uri) {
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException("RabbitMqTransport.uri may not be blank");
      }
      try {
        factory.setUri(uri);
      } catch (java.net.URISyntaxException
          | java.security.GeneralSecurityException
          | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "RabbitMqTransport.uri '"
                + Redacted.uri(uri)
                + "' is not an AMQP URI (amqp://user:password@host:5672/vhost): "
                + e.getMessage(),
            e);
      }
      factory.setAutomaticRecoveryEnabled(false);
      factory.setConnectionTimeout(5_000);
      factory.setRequestedHeartbeat(30);
      this.endpoint = Redacted.uri(uri);
    }

    /** The CloudEvents {@code source}; default {@code /eventline}. */
    public Builder source(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("RabbitMqTransport.source may not be blank");
      }
      this.source = value;
      return this;
    }

    /**
     * Partitions per topic, in [1, 1024]; default 8. It must equal the consumers' {@link
     * RabbitMqInboxConsumer.Builder#partitions}: a routing key without a bound queue is refused.
     */
    public Builder partitions(int value) {
      this.partitions = range("partitions", value, 1, 1_024);
      return this;
    }

    /** Confirm-mode channels publishing concurrently, in [1, 64]; default 4. */
    public Builder channels(int value) {
      this.channels = range("channels", value, 1, 64);
      return this;
    }

    /**
     * The largest message sent, in bytes; larger ones go dead at once. Default 16 MiB, RabbitMQ's
     * default {@code max_message_size} since 4.0.
     */
    public Builder maxMessageBytes(int value) {
      this.maxMessageBytes = range("maxMessageBytes", value, 1_024, 512 * 1024 * 1024);
      return this;
    }

    /**
     * Whether to declare a topic's exchange (durable, direct) before its first message; default
     * true. Off, a missing exchange fails the message as retriable.
     */
    public Builder declareExchanges(boolean value) {
      this.declareExchanges = value;
      return this;
    }

    /** How long an exchange's existence is remembered; default 10 s. */
    public Builder exchangeCacheTtl(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(
            "RabbitMqTransport.exchangeCacheTtl must be >= 0 but was " + value);
      }
      this.exchangeCacheTtl = value;
      return this;
    }

    /** How long to wait for a TCP connection; default 5 s. */
    public Builder connectionTimeout(Duration value) {
      if (value == null || value.isNegative() || value.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException(
            "RabbitMqTransport.connectionTimeout must be in [0, 5 min] but was " + value);
      }
      factory.setConnectionTimeout((int) value.toMillis());
      return this;
    }

    public RabbitMqTransport build() {
      return new RabbitMqTransport(this);
    }

    private static int range(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "RabbitMqTransport."
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

  /** URIs with the password masked, for messages. */
  static final class Redacted {
    private Redacted() {}

    static String uri(String uri) {
      try {
        URI parsed = URI.create(uri);
        String user = parsed.getUserInfo();
        if (user == null || !user.contains(":")) {
          return uri;
        }
        return uri.replace(user, user.substring(0, user.indexOf(':')) + ":****");
      } catch (IllegalArgumentException e) {
        return uri.replaceAll("//[^@/]*@", "//****@");
      }
    }
  }
}

package io.eventline.nats;

import io.eventline.outbox.OutboxRecord;
import io.eventline.outbox.OutboxTransport;
import io.eventline.transport.ExistenceCache;
import io.eventline.transport.PartitionKey;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes outbox records to NATS JetStream: a send completes only when the stream acknowledged
 * the message (stored, and with file storage and replicas as the stream is configured). Each
 * message carries {@code Nats-Msg-Id} = the event id, so a re-send within the stream's duplicate
 * window (default 2 min) is dropped by the server and acknowledged as a duplicate.
 *
 * <p><b>Subjects.</b> A record goes to {@code <topic>.<partition>}, the partition being {@code
 * FNV-1a(aggregateId) mod partitions} (see {@link PartitionKey}). A stream must capture the topic's
 * subjects ({@code <topic>.>}); the transport does not create streams, because their retention,
 * storage, replicas and duplicate window are an operator's choice. One connection carries every
 * publish in order, so one aggregate's messages are stored in the order sent.
 *
 * <p><b>Failures.</b> No connection, a timeout waiting for the acknowledgement or a cancelled
 * request is unavailable (costs the events nothing). No stream for the subject is retriable. A
 * message larger than the smaller of {@link Builder#maxMessageBytes} and the server's {@code
 * max_payload} is rejected before sending; one the stream refuses for its size is permanent.
 *
 * <p><b>Hazard.</b> A re-send after the duplicate window (a relay down longer than the window
 * between send and mark) is stored twice: consumers deduplicate on the event id (the inbox does).
 */
public final class NatsTransport implements OutboxTransport {
  private final String servers;
  private final Options options;
  private final String source;
  private final int partitions;
  private final int maxMessageBytes;
  private final Duration ackTimeout;
  private final ExistenceCache<Boolean> streams;
  private final ReentrantLock connecting = new ReentrantLock();
  private volatile Connection connection;
  private volatile JetStream jetStream;
  private volatile boolean closed;

  private NatsTransport(Builder settings) {
    this.servers = settings.servers;
    this.options =
        new Options.Builder()
            .server(settings.servers)
            .connectionName("eventline-relay")
            .connectionTimeout(settings.connectionTimeout)
            .maxReconnects(-1)
            .build();
    this.source = settings.source;
    this.partitions = settings.partitions;
    this.maxMessageBytes = settings.maxMessageBytes;
    this.ackTimeout = settings.ackTimeout;
    this.streams = new ExistenceCache<>(this::probeStream, settings.streamCacheTtl);
  }

  /**
   * @param servers such as {@code nats://host:4222}, comma-separated for several
   */
  public static Builder builder(String servers) {
    return new Builder(servers);
  }

  @Override
  public String name() {
    return "nats";
  }

  @Override
  public String reject(OutboxRecord record) {
    int size = NatsCloudEvents.estimateSize(record.event());
    Connection current = connection;
    long serverLimit = current == null ? Long.MAX_VALUE : current.getMaxPayload();
    if (size > maxMessageBytes || size > serverLimit) {
      return "the message is about "
          + size
          + " bytes, more than "
          + (size > maxMessageBytes
              ? "NatsTransport.maxMessageBytes (" + maxMessageBytes + " bytes)"
              : "the server's max_payload (" + serverLimit + " bytes)");
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> send(OutboxRecord record) {
    try {
      JetStream js = jetStream();
      String subject = subject(record.topic(), record.event().aggregateId());
      if (streams.get(record.topic()) == null) {
        return CompletableFuture.failedFuture(
            new MissingStreamException(
                "no JetStream stream on "
                    + servers
                    + " captures subject '"
                    + subject
                    + "' of topic '"
                    + record.topic()
                    + "'; create one with subjects '"
                    + record.topic()
                    + ".>'"));
      }
      return js.publishAsync(
              subject,
              NatsCloudEvents.headers(record.event(), source),
              record.event().payload(),
              PublishOptions.builder().messageId(record.event().eventId().toString()).build())
          .orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .thenApply(ack -> null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
  }

  String subject(String topic, String aggregateId) {
    return topic + "." + PartitionKey.of(aggregateId, partitions);
  }

  @Override
  public FailureKind classify(Throwable failure) {
    if (failure instanceof JetStreamApiException api) {
      String description = String.valueOf(api.getErrorDescription()).toLowerCase();
      if (description.contains("size") || description.contains("payload")) {
        return FailureKind.PERMANENT;
      }
      return api.getErrorCode() == 503 ? FailureKind.UNAVAILABLE : FailureKind.RETRIABLE;
    }
    if (failure instanceof IllegalArgumentException
        && String.valueOf(failure.getMessage()).toLowerCase().contains("payload")) {
      return FailureKind.PERMANENT;
    }
    if (failure instanceof MissingStreamException) {
      return FailureKind.RETRIABLE;
    }
    if (failure instanceof NatsUnavailableException
        || failure instanceof IOException
        || failure instanceof TimeoutException
        || failure instanceof CancellationException
        || failure instanceof InterruptedException
        || failure instanceof IllegalStateException) {
      return FailureKind.UNAVAILABLE;
    }
    return FailureKind.RETRIABLE;
  }

  private JetStream jetStream() throws IOException, InterruptedException {
    Connection current = connection;
    if (current == null) {
      connecting.lock();
      try {
        if (closed) {
          throw new NatsUnavailableException("the NATS transport to " + servers + " is closed");
        }
        current = connection;
        if (current == null) {
          current = Nats.connect(options);
          jetStream = current.jetStream();
          connection = current;
        }
      } finally {
        connecting.unlock();
      }
    }
    if (current.getStatus() != Connection.Status.CONNECTED) {
      throw new NatsUnavailableException(
          "NATS at " + servers + " is " + current.getStatus() + ", not connected");
    }
    return jetStream;
  }

  private Boolean probeStream(String topic) {
    try {
      List<String> names = connection.jetStreamManagement().getStreamNames(topic + "." + 0);
      return names.isEmpty() ? null : Boolean.TRUE;
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException(
          "cannot look up the stream of topic '" + topic + "': " + e, e);
    }
  }

  @Override
  public void close() {
    connecting.lock();
    try {
      closed = true;
      Connection current = connection;
      if (current != null) {
        try {
          current.flush(Duration.ofSeconds(5));
        } catch (TimeoutException | RuntimeException e) {
          // closing anyway
        }
        current.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connecting.unlock();
    }
  }

  /** Settings for {@link NatsTransport}, validated as they are set. */
  public static final class Builder {
    private final String servers;
    private String source = "/eventline";
    private int partitions = 8;
    private int maxMessageBytes = 1024 * 1024;
    private Duration ackTimeout = Duration.ofSeconds(10);
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private Duration streamCacheTtl = Duration.ofSeconds(10);

    Builder(String servers) {
      if (servers == null || servers.isBlank()) {
        throw new IllegalArgumentException("NatsTransport.servers may not be blank");
      }
      this.servers = servers;
    }

    /** The CloudEvents {@code source}; default {@code /eventline}. */
    public Builder source(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("NatsTransport.source may not be blank");
      }
      this.source = value;
      return this;
    }

    /**
     * Partitions per topic, in [1, 1024]; default 8. It must equal the consumers' {@link
     * NatsInboxConsumer.Builder#partitions}, or some subjects are never consumed.
     */
    public Builder partitions(int value) {
      this.partitions = range("partitions", value, 1, 1_024);
      return this;
    }

    /**
     * The largest message sent, in bytes (the server's {@code max_payload} applies too); larger
     * ones go dead at once. Default 1 MiB, the server's default.
     */
    public Builder maxMessageBytes(int value) {
      this.maxMessageBytes = range("maxMessageBytes", value, 1_024, 64 * 1024 * 1024);
      return this;
    }

    /** How long to wait for JetStream's acknowledgement; default 10 s. */
    public Builder ackTimeout(Duration value) {
      this.ackTimeout = duration("ackTimeout", value);
      return this;
    }

    /** How long to wait for a connection; default 5 s. */
    public Builder connectionTimeout(Duration value) {
      this.connectionTimeout = duration("connectionTimeout", value);
      return this;
    }

    /** How long a stream's existence is remembered; default 10 s. */
    public Builder streamCacheTtl(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(
            "NatsTransport.streamCacheTtl must be >= 0 but was " + value);
      }
      this.streamCacheTtl = value;
      return this;
    }

    public NatsTransport build() {
      return new NatsTransport(this);
    }

    private static int range(String setting, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "NatsTransport." + setting + " must be in [" + min + ", " + max + "] but was " + value);
      }
      return value;
    }

    private static Duration duration(String setting, Duration value) {
      if (value == null
          || value.compareTo(Duration.ofMillis(100)) < 0
          || value.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "NatsTransport." + setting + " must be in [PT0.1S, PT10M] but was " + value);
      }
      return value;
    }
  }
}

package io.eventline.sqs;

import io.eventline.outbox.OutboxRecord;
import io.eventline.outbox.OutboxTransport;
import io.eventline.transport.ExistenceCache;
import io.eventline.transport.PartitionKey;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Publishes outbox records to Amazon SQS, one queue per topic ({@code <prefix><topic>}, see {@link
 * Builder#queuePrefix}), in {@code SendMessageBatch} calls of up to 10 messages; a send completes
 * when SQS answered that its entry succeeded (stored redundantly by SQS). Each entry's failure is
 * reported on its own record.
 *
 * <p><b>FIFO queues (default).</b> The queue name ends in {@code .fifo}; {@code MessageGroupId} is
 * the aggregate id, so SQS delivers one aggregate's messages in order, and {@code
 * MessageDeduplicationId} is the event id, so a re-send within SQS's 5-minute deduplication
 * interval is dropped. Messages of one aggregate go through one sending thread, one call at a time,
 * so they reach SQS in the order sent.
 *
 * <p><b>Standard queues</b> ({@link Builder#fifo}{@code (false)}): SQS may deliver in any order and
 * more than once, and nothing is deduplicated by SQS. The relay still sends each aggregate's events
 * in order, but consumers see them in an order SQS chooses: per-aggregate order is not kept.
 *
 * <p><b>Failures.</b> SQS unreachable, throttling or a server error is unavailable (costs the
 * events nothing). A missing queue is retriable. An entry SQS refused as the sender's fault
 * (invalid content) is permanent; one it failed on its side is unavailable. A message larger than
 * {@link Builder#maxMessageBytes} (body and attributes) is rejected before sending.
 */
public final class SqsTransport implements OutboxTransport {
  private final SqsClient client;
  private final String source;
  private final String queuePrefix;
  private final boolean fifo;
  private final int maxMessageBytes;
  private final SendLane[] lanes;
  private final Thread[] threads;

  private SqsTransport(Builder settings) {
    this.client = settings.client;
    this.source = settings.source;
    this.queuePrefix = settings.queuePrefix;
    this.fifo = settings.fifo;
    this.maxMessageBytes = settings.maxMessageBytes;
    ExistenceCache<String> urls = new ExistenceCache<>(this::queueUrl, settings.queueCacheTtl);
    this.lanes = new SendLane[settings.concurrency];
    this.threads = new Thread[settings.concurrency];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new SendLane(client, urls, maxMessageBytes);
      threads[i] = new Thread(lanes[i], "eventline-sqs-sender-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  /** A transport that uses {@code client} and closes it when closed. */
  public static Builder builder(SqsClient client) {
    return new Builder(Objects.requireNonNull(client, "SqsTransport.client may not be null"));
  }

  /**
   * A transport with its own client for {@code endpoint} (such as {@code
   * https://sqs.eu-west-1.amazonaws.com}, or a local SQS-compatible server) in {@code region}, with
   * the default AWS credentials chain.
   */
  public static Builder builder(URI endpoint, String region) {
    return builder(client(endpoint, region));
  }

  static SqsClient client(URI endpoint, String region) {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("SqsTransport.region may not be blank");
    }
    return SqsClient.builder()
        .endpointOverride(Objects.requireNonNull(endpoint, "SqsTransport.endpoint may not be null"))
        .region(Region.of(region))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public String name() {
    return "sqs";
  }

  @Override
  public String reject(OutboxRecord record) {
    String queue = SqsQueues.queueName(queuePrefix, record.topic(), fifo);
    if (queue.length() > 80) {
      return "SQS queue name '" + queue + "' is longer than 80 characters; shorten the topic";
    }
    String body = body(record.event().payload());
    if (body == null) {
      return "the payload is not text SQS accepts (UTF-8 without control characters)";
    }
    int size = SqsCloudEvents.size(body, SqsCloudEvents.attributes(record.event(), source));
    if (size > maxMessageBytes) {
      return "the message is "
          + size
          + " bytes with its attributes, more than SqsTransport.maxMessageBytes ("
          + maxMessageBytes
          + " bytes)";
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> send(OutboxRecord record) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    String body = body(record.event().payload());
    if (body == null) {
      ack.completeExceptionally(new IllegalArgumentException("the payload is not valid text"));
      return ack;
    }
    Map<String, MessageAttributeValue> attributes =
        SqsCloudEvents.attributes(record.event(), source);
    String aggregateId = record.event().aggregateId();
    lanes[PartitionKey.of(aggregateId, lanes.length)].offer(
        new SendLane.Pending(
            SqsQueues.queueName(queuePrefix, record.topic(), fifo),
            fifo ? SqsQueues.groupId(aggregateId) : null,
            fifo ? record.event().eventId().toString() : null,
            body,
            attributes,
            SqsCloudEvents.size(body, attributes),
            ack));
    return ack;
  }

  @Override
  public FailureKind classify(Throwable failure) {
    if (failure instanceof SendFailure send) {
      return switch (send.kind) {
        case MISSING_QUEUE -> FailureKind.RETRIABLE;
        case ENTRY_REFUSED -> FailureKind.PERMANENT;
        case ENTRY_FAILED -> FailureKind.UNAVAILABLE;
      };
    }
    if (failure instanceof QueueDoesNotExistException) {
      return FailureKind.RETRIABLE;
    }
    if (failure instanceof InvalidMessageContentsException
        || failure instanceof InvalidAttributeValueException
        || failure instanceof InvalidAttributeNameException
        || failure instanceof BatchRequestTooLongException) {
      return FailureKind.PERMANENT;
    }
    if (failure instanceof SqsException sqs) {
      return sqs.isThrottlingException() || sqs.statusCode() >= 500
          ? FailureKind.UNAVAILABLE
          : FailureKind.RETRIABLE;
    }
    if (failure instanceof SdkClientException || failure instanceof IllegalStateException) {
      return FailureKind.UNAVAILABLE;
    }
    if (failure instanceof IllegalArgumentException) {
      return FailureKind.PERMANENT;
    }
    return FailureKind.RETRIABLE;
  }

  private String queueUrl(String queue) {
    try {
      return client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      return null;
    }
  }

  /** The payload as text, or null when SQS would refuse it. */
  static String body(byte[] payload) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(payload))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
        return null;
      }
    }
    return text.isEmpty() ? null : text;
  }

  @Override
  public void close() {
    for (SendLane lane : lanes) {
      lane.stop();
    }
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    client.close();
  }

  /** Settings for {@link SqsTransport}, validated as they are set. */
  public static final class Builder {
    private final SqsClient client;
    private String source = "/eventline";
    private String queuePrefix = "";
    private boolean fifo = true;
    private int concurrency = 4;
    private int maxMessageBytes = 256 * 1024;
    private Duration queueCacheTtl = Duration.ofSeconds(10);

    Builder(SqsClient client) {
      this.client = client;
    }

    /** The CloudEvents {@code source}; default {@code /eventline}. */
    public Builder source(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("SqsTransport.source may not be blank");
      }
      this.source = value;
      return this;
    }

    /** Put before every topic's queue name, such as {@code prod-}; default none. */
    public Builder queuePrefix(String value) {
      if (value == null || !value.matches("[A-Za-z0-9_-]{0,40}")) {
        throw new IllegalArgumentException(
            "SqsTransport.queuePrefix must be 0 to 40 of a-z, A-Z, 0-9, '_', '-' but was '"
                + value
                + "'");
      }
      this.queuePrefix = value;
      return this;
    }

    /**
     * FIFO queues (default true): per-aggregate order and 5-minute deduplication. False: standard
     * queues, without either (see the class comment).
     */
    public Builder fifo(boolean value) {
      this.fifo = value;
      return this;
    }

    /** Sending threads, each one batch call at a time, in [1, 64]; default 4. */
    public Builder concurrency(int value) {
      if (value < 1 || value > 64) {
        throw new IllegalArgumentException(
            "SqsTransport.concurrency must be in [1, 64] but was " + value);
      }
      this.concurrency = value;
      return this;
    }

    /**
     * The largest message (body and attributes), also the largest batch call, in bytes; default 256
     * KiB. Raise it to 1 MiB where the queues accept that.
     */
    public Builder maxMessageBytes(int value) {
      if (value < 1_024 || value > 1024 * 1024) {
        throw new IllegalArgumentException(
            "SqsTransport.maxMessageBytes must be in [1024, 1048576] but was " + value);
      }
      this.maxMessageBytes = value;
      return this;
    }

    /** How long a queue's URL (or its absence) is remembered; default 10 s. */
    public Builder queueCacheTtl(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(
            "SqsTransport.queueCacheTtl must be >= 0 but was " + value);
      }
      this.queueCacheTtl = value;
      return this;
    }

    public SqsTransport build() {
      return new SqsTransport(this);
    }
  }
}

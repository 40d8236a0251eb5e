package io.eventline.kafka;

import io.eventline.outbox.OutboxRecord;
import io.eventline.outbox.OutboxTransport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes outbox records to Kafka, one record per event (CloudEvents binary mode, see {@link
 * CloudEventsKafka}), keyed by aggregate id so each aggregate stays in one Kafka partition.
 *
 * <p>The producer is idempotent with {@code acks=all} and one request in flight per connection,
 * which keeps records of one key in order and without duplicates across the producer's own retries.
 * {@code acks} and idempotence cannot be overridden; everything else can, through {@link
 * Builder#property(String, String)} (security, SASL, TLS, compression, ...).
 *
 * <p>Hazard of {@code max.in.flight.requests.per.connection} above 1 (allowed up to 5): when the
 * first request to a partition that has no state for this producer (a topic just created) is
 * refused because its leader is still moving, the broker can append the next request first, and the
 * retry of the first is then refused for good: one event lands after later events of its aggregate.
 * Seen in this project's tests with 5 in flight; with 1 it cannot happen.
 *
 * <p>A topic that does not exist fails its records at once as retriable (the event is charged an
 * attempt), instead of blocking the relay while the producer waits for metadata; a record larger
 * than {@code max.request.size} is refused before sending (dead at once). A broker that cannot be
 * reached is reported as unavailable, which costs the events nothing.
 */
public final class KafkaTransport implements OutboxTransport {
  private final Producer<byte[], byte[]> producer;
  private final TopicCatalog topics;
  private final String source;
  private final int maxRequestBytes;

  private KafkaTransport(Builder settings) {
    Map<String, Object> config = new HashMap<>(settings.properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    // No linger: the relay hands the producer a whole claimed batch at once, and with one request
    // in flight the records that arrive while a request is out wait for it and leave together, so
    // lingering only adds latency (docs/benchmarks.md, Runs E, F and H: 1.3 ms at the median, no
    // throughput lost). Linger 0 reordered events only together with 5 requests in flight (Run E);
    // with 1 the producer sends one batch per partition at a time, retries included.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "eventline-relay");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.maxRequestBytes =
        Integer.parseInt(
            String.valueOf(config.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576)));
    this.producer = new KafkaProducer<>(config);
    this.topics = settings.checkTopics ? new TopicCatalog(config, settings.topicCacheTtl) : null;
    this.source = settings.source;
  }

  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String reject(OutboxRecord record) {
    int size = estimateSize(record);
    if (size > maxRequestBytes) {
      return "the record is "
          + size
          + " bytes, more than the producer's max.request.size of "
          + maxRequestBytes
          + " bytes";
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> send(OutboxRecord record) {
    if (topics != null && topics.isMissing(record.topic())) {
      return CompletableFuture.failedFuture(
          new UnknownTopicOrPartitionException(
              "topic '"
                  + record.topic()
                  + "' does not exist; create it, or route the event elsewhere"));
    }
    ProducerRecord<byte[], byte[]> kafkaRecord =
        CloudEventsKafka.encode(record.topic(), source, "application/json", record.event());
    CompletableFuture<Void> ack = new CompletableFuture<>();
    producer.send(
        kafkaRecord,
        (metadata, error) -> {
          if (error == null) {
            ack.complete(null);
          } else {
            ack.completeExceptionally(error);
          }
        });
    return ack;
  }

  @Override
  public FailureKind classify(Throwable failure) {
    if (failure instanceof RecordTooLargeException
        || failure instanceof RecordBatchTooLargeException
        || failure instanceof InvalidTopicException
        || failure instanceof SerializationException) {
      return FailureKind.PERMANENT;
    }
    if (failure instanceof UnknownTopicOrPartitionException
        || failure instanceof AuthorizationException) {
      return FailureKind.RETRIABLE;
    }
    if (failure instanceof RetriableException
        || failure instanceof org.apache.kafka.common.errors.TimeoutException) {
      return FailureKind.UNAVAILABLE;
    }
    return FailureKind.RETRIABLE;
  }

  private static int estimateSize(OutboxRecord record) {
    int size = 128 + record.event().payload().length + record.event().aggregateId().length() * 3;
    for (Map.Entry<String, String> header : record.event().headers().entrySet()) {
      size += header.getKey().length() + header.getValue().length() * 3;
    }
    return size + 512;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    if (topics != null) {
      topics.close();
    }
  }

  /** Settings for {@link KafkaTransport}. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Map<String, Object> properties = new HashMap<>();
    private String source = "/eventline";
    private boolean checkTopics = true;
    private Duration topicCacheTtl = Duration.ofSeconds(10);

    Builder(String bootstrapServers) {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("KafkaTransport.bootstrapServers may not be blank");
      }
      this.bootstrapServers = bootstrapServers;
    }

    /**
     * A producer property (security.protocol, sasl.*, ssl.*, compression.type, linger.ms, ...).
     * {@code acks} and {@code enable.idempotence} are fixed and refused here; {@code
     * max.in.flight.requests.per.connection} may be 1 (default) to 5, with the hazard of the class
     * comment above 1.
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "KafkaTransport.property key may not be null");
      if (key.equals(ProducerConfig.ACKS_CONFIG)
          || key.equals(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)
          || key.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
        throw new IllegalArgumentException(
            "KafkaTransport property '"
                + key
                + "' is fixed by Eventline (acks=all, idempotence on) to keep per-aggregate order"
                + " and durability");
      }
      if (key.equals(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)
          && !java.util.Set.of("1", "2", "3", "4", "5").contains(value)) {
        throw new IllegalArgumentException(
            "KafkaTransport property '"
                + key
                + "' must be 1 to 5 (idempotence allows no more) but was '"
                + value
                + "'");
      }
      properties.put(key, value);
      return this;
    }

    public Builder properties(Map<String, String> values) {
      values.forEach(this::property);
      return this;
    }

    /**
     * The CloudEvents {@code source} of every record, such as {@code /orders}; default {@code
     * /eventline}.
     */
    public Builder source(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("KafkaTransport.source may not be blank");
      }
      this.source = value;
      return this;
    }

    /**
     * Whether to check that a topic exists before sending to it (default true). Turn it off when
     * the brokers create topics on first use.
     */
    public Builder checkTopics(boolean value) {
      this.checkTopics = value;
      return this;
    }

    /**
     * How long a topic's existence is remembered; default 10 s. A missing topic is asked about
     * again after at most 1 s, so a topic created by an operator is noticed quickly.
     */
    public Builder topicCacheTtl(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException(
            "KafkaTransport.topicCacheTtl must be >= 0 but was " + value);
      }
      this.topicCacheTtl = value;
      return this;
    }

    public KafkaTransport build() {
      return new KafkaTransport(this);
    }
  }
}

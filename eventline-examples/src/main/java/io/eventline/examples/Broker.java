package io.eventline.examples;

import io.eventline.core.Redaction;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.kafka.KafkaInboxConsumer;
import io.eventline.kafka.KafkaTransport;
import io.eventline.nats.NatsInboxConsumer;
import io.eventline.nats.NatsTransport;
import io.eventline.outbox.OutboxTransport;
import io.eventline.rabbitmq.RabbitMqInboxConsumer;
import io.eventline.rabbitmq.RabbitMqTransport;
import io.eventline.transport.InboxConsumerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The broker the example services meet through, and the only place that knows which one it is: the
 * relays get its {@link OutboxTransport}, the services its inbox consumer. Kafka (the default),
 * RabbitMQ or NATS JetStream, each with 8 partitions per topic on the brokers that have no
 * partitions of their own.
 *
 * <p>SQS is not offered here: the {@code order} topic has two consumers (payments and
 * notifications), and an SQS queue hands each message to one of them only. Fan-out to several
 * queues needs SNS in front, which Eventline does not publish to.
 *
 * @param kind {@code kafka}, {@code rabbitmq} or {@code nats}
 * @param address Kafka's bootstrap servers, the RabbitMQ URI or the NATS servers
 */
public record Broker(String kind, String address) {
  /** Partitions per topic on RabbitMQ and NATS: the relays and the consumers must agree. */
  public static final int PARTITIONS = 8;

  /** The kinds accepted by {@link #Broker}. */
  public static final List<String> KINDS = List.of("kafka", "rabbitmq", "nats");

  public Broker {
    kind = requireKind(kind);
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("the " + kind + " broker needs an address");
    }
  }

  /**
   * {@code kind} in lower case when it is one of {@link #KINDS}.
   *
   * @throws IllegalArgumentException naming the kinds, and for {@code sqs} why not
   */
  public static String requireKind(String kind) {
    String name = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(name)) {
      throw new IllegalArgumentException(
          "the example system runs on kafka, rabbitmq or nats, not '"
              + (kind == null ? "" : Redaction.redact(kind))
              + "'"
              + ("sqs".equals(name)
                  ? ": its order topic has two consumers, and an SQS queue gives each message to"
                      + " one of them (fan-out needs SNS)"
                  : ""));
    }
    return name;
  }

  public static Broker kafka(String bootstrapServers) {
    return new Broker("kafka", bootstrapServers);
  }

  /** The broker's product name: Kafka, RabbitMQ or NATS JetStream. */
  public String product() {
    return product(kind);
  }

  /** The product name of a kind accepted by {@link #requireKind}. */
  public static String product(String kind) {
    return switch (requireKind(kind)) {
      case "rabbitmq" -> "RabbitMQ";
      case "nats" -> "NATS JetStream";
      default -> "Kafka";
    };
  }

  /** Where it is, with any password masked. */
  public String describe() {
    return switch (kind) {
      case "rabbitmq" -> product() + " at " + Redaction.redact(address);
      default -> product() + " at " + address;
    };
  }

  /** The transport a service's relay publishes with; {@code service} is its CloudEvents source. */
  public OutboxTransport transport(String service) {
    String source = "/" + service;
    return switch (kind) {
      case "rabbitmq" ->
          RabbitMqTransport.builder(address).partitions(PARTITIONS).source(source).build();
      case "nats" -> NatsTransport.builder(address).partitions(PARTITIONS).source(source).build();
      default -> KafkaTransport.builder(address).source(source).build();
    };
  }

  /** A consumer that runs its inbox; not started. */
  public Consumer consumer(
      String name,
      Inbox inbox,
      List<String> topics,
      InboxHandler<byte[]> handler,
      Duration replay) {
    String[] names = topics.toArray(String[]::new);
    return switch (kind) {
      case "rabbitmq" -> {
        RabbitMqInboxConsumer consumer =
            shared(RabbitMqInboxConsumer.builder(address, name, inbox), names, handler, replay)
                .partitions(PARTITIONS)
                .build();
        yield new Consumer(consumer::start, consumer::close);
      }
      case "nats" -> {
        NatsInboxConsumer consumer =
            shared(NatsInboxConsumer.builder(address, name, inbox), names, handler, replay)
                .partitions(PARTITIONS)
                .build();
        yield new Consumer(consumer::start, consumer::close);
      }
      default -> {
        KafkaInboxConsumer consumer =
            KafkaInboxConsumer.builder(address, name, inbox)
                .topics(names)
                .handler(handler)
                .threads(3)
                .replayInterval(replay)
                .build();
        yield new Consumer(consumer::start, consumer::close);
      }
    };
  }

  private static <B extends InboxConsumerBuilder<B>> B shared(
      B builder, String[] topics, InboxHandler<byte[]> handler, Duration replay) {
    return builder.topics(topics).handler(handler).replayInterval(replay);
  }

  /** A service's inbox consumer on this broker. */
  public static final class Consumer implements AutoCloseable {
    private final Runnable start;
    private final Runnable close;

    Consumer(Runnable start, Runnable close) {
      this.start = start;
      this.close = close;
    }

    /** Subscribes; on RabbitMQ this also declares the queues, so start it before publishing. */
    public void start() {
      start.run();
    }

    @Override
    public void close() {
      close.run();
    }
  }
}

package io.eventline.cli;

import io.eventline.core.Redaction;
import io.eventline.kafka.KafkaTransport;
import io.eventline.nats.NatsTransport;
import io.eventline.outbox.OutboxTransport;
import io.eventline.rabbitmq.RabbitMqTransport;
import io.eventline.sqs.SqsTransport;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --transport kafka|sqs|rabbitmq|nats} and the connection option of each broker besides
 * Kafka (whose options are {@link KafkaOptions}).
 */
final class TransportOptions {
  @Option(
      names = "--transport",
      defaultValue = "kafka",
      paramLabel = "NAME",
      description = "Where to publish: kafka (default), sqs, rabbitmq or nats")
  String transport;

  @Option(
      names = "--rabbitmq",
      paramLabel = "URI",
      description = "RabbitMQ URI for --transport rabbitmq, e.g. amqp://user:pass@host:5672/vhost")
  String rabbitmq;

  @Option(
      names = "--nats",
      paramLabel = "URL",
      description = "NATS servers for --transport nats, e.g. nats://host:4222")
  String nats;

  @Option(
      names = "--sqs",
      paramLabel = "ENDPOINT",
      description =
          "SQS endpoint for --transport sqs, e.g. https://sqs.eu-west-1.amazonaws.com;"
              + " credentials from the default AWS chain")
  String sqs;

  @Option(
      names = "--sqs-region",
      paramLabel = "REGION",
      defaultValue = "us-east-1",
      description = "AWS region for --transport sqs (default us-east-1)")
  String sqsRegion;

  @Option(
      names = "--sqs-standard",
      description = "Publish to standard SQS queues instead of FIFO ones (no per-aggregate order)")
  boolean sqsStandard;

  @Option(
      names = "--broker-partitions",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "Partitions per topic for --transport rabbitmq and nats (default 8); the consumers must"
              + " use the same")
  int brokerPartitions;

  /** The transport chosen, built; Kafka is checked for reachability first. */
  OutboxTransport build(KafkaOptions kafka, Duration kafkaTimeout, String source) {
    return switch (transport) {
      case "kafka" -> {
        if (kafka.bootstrapServers == null) {
          throw new CliException("--transport kafka needs --kafka HOST:PORT");
        }
        kafka.requireReachable(kafkaTimeout);
        yield KafkaTransport.builder(kafka.bootstrapServers)
            .properties(kafka.clientProperties())
            .source(source)
            .build();
      }
      case "rabbitmq" ->
          RabbitMqTransport.builder(require(rabbitmq, "--rabbitmq URI"))
              .partitions(brokerPartitions)
              .source(source)
              .build();
      case "nats" ->
          NatsTransport.builder(require(nats, "--nats URL"))
              .partitions(brokerPartitions)
              .source(source)
              .build();
      case "sqs" ->
          SqsTransport.builder(URI.create(require(sqs, "--sqs ENDPOINT")), sqsRegion)
              .fifo(!sqsStandard)
              .source(source)
              .build();
      default ->
          throw new CliException(
              "--transport must be kafka, sqs, rabbitmq or nats but was '"
                  + Redaction.redact(transport)
                  + "'");
    };
  }

  /** Where it publishes, passwords masked, for the start line. */
  String describe(KafkaOptions kafka) {
    return switch (transport) {
      case "rabbitmq" -> "RabbitMQ " + Redaction.redact(rabbitmq);
      case "nats" -> "NATS " + nats;
      case "sqs" -> "SQS " + sqs + " (" + sqsRegion + ")";
      default -> "Kafka " + kafka.bootstrapServers;
    };
  }

  private String require(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new CliException("--transport " + transport + " needs " + option);
    }
    return value;
  }
}

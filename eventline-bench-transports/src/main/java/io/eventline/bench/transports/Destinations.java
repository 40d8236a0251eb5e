package io.eventline.bench.transports;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.eventline.kafka.KafkaTransport;
import io.eventline.nats.NatsTransport;
import io.eventline.outbox.OutboxTransport;
import io.eventline.rabbitmq.RabbitMqTransport;
import io.eventline.sqs.SqsTransport;
import io.eventline.testkit.EmbeddedKafka;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The brokers of the benchmark, each in its durable configuration: Kafka in-process (one broker, 8
 * partitions), RabbitMQ quorum queues (8 per topic), NATS file-storage stream, SQS FIFO queue on
 * ElasticMQ in this JVM (in memory).
 */
final class Destinations {
  static final int PARTITIONS = 8;

  private Destinations() {}

  static Destination of(String name) throws Exception {
    return switch (name) {
      case "kafka" -> kafka();
      case "rabbitmq" ->
          rabbitmq(System.getProperty("rabbitmq", "amqp://guest:guest@127.0.0.1:5672/%2F"));
      case "nats" -> nats(System.getProperty("nats", "nats://127.0.0.1:4222"));
      case "sqs" -> sqs();
      default -> throw new IllegalArgumentException("unknown transport " + name);
    };
  }

  static Destination kafka() {
    EmbeddedKafka kafka = EmbeddedKafka.shared();
    return new Destination() {
      public String name() {
        return "kafka";
      }

      public String createTopic(String base) {
        return kafka.freshTopic(base, PARTITIONS);
      }

      public OutboxTransport transport() {
        return KafkaTransport.builder(kafka.bootstrapServers()).build();
      }

      public void deleteTopic(String topic) {}
    };
  }

  static Destination rabbitmq(String uri) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    com.rabbitmq.client.Connection admin = factory.newConnection("eventline-bench");
    return new Destination() {
      public String name() {
        return "rabbitmq";
      }

      public String createTopic(String base) throws Exception {
        String topic = base + "-" + System.nanoTime();
        try (Channel channel = admin.createChannel()) {
          channel.exchangeDeclare(topic, "direct", true);
          for (int p = 0; p < PARTITIONS; p++) {
            String queue = topic + ".bench." + p;
            channel.queueDeclare(
                queue,
                true,
                false,
                false,
                Map.of("x-queue-type", "quorum", "x-single-active-consumer", true));
            channel.queueBind(queue, topic, Integer.toString(p));
          }
        }
        return topic;
      }

      public OutboxTransport transport() {
        return RabbitMqTransport.builder(uri).partitions(PARTITIONS).build();
      }

      public void deleteTopic(String topic) throws Exception {
        try (Channel channel = admin.createChannel()) {
          for (int p = 0; p < PARTITIONS; p++) {
            channel.queueDelete(topic + ".bench." + p);
          }
          channel.exchangeDelete(topic);
        }
      }

      public void close() {
        try {
          admin.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  static Destination nats(String servers) throws Exception {
    Connection admin = Nats.connect(servers);
    return new Destination() {
      public String name() {
        return "nats";
      }

      public String createTopic(String base) throws Exception {
        String topic = base + "-" + System.nanoTime();
        admin
            .jetStreamManagement()
            .addStream(
                StreamConfiguration.builder()
                    .name(topic)
                    .subjects(topic + ".>")
                    .storageType(StorageType.File)
                    .duplicateWindow(Duration.ofMinutes(2))
                    .build());
        return topic;
      }

      public OutboxTransport transport() {
        return NatsTransport.builder(servers).partitions(PARTITIONS).build();
      }

      public void deleteTopic(String topic) throws Exception {
        admin.jetStreamManagement().deleteStream(topic);
      }

      public void close() {
        try {
          admin.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  static Destination sqs() {
    SQSRestServer server =
        SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    URI endpoint =
        URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
    SqsClient admin = client(endpoint);
    return new Destination() {
      public String name() {
        return "sqs";
      }

      public String createTopic(String base) {
        String topic = base + "-" + System.nanoTime();
        admin.createQueue(
            b ->
                b.queueName(topic + ".fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
        return topic;
      }

      public OutboxTransport transport() {
        return SqsTransport.builder(client(endpoint)).build();
      }

      public void deleteTopic(String topic) {
        String url = admin.getQueueUrl(b -> b.queueName(topic + ".fifo")).queueUrl();
        admin.deleteQueue(b -> b.queueUrl(url));
      }

      public void close() {
        admin.close();
        server.stopAndWait();
      }
    };
  }

  private static SqsClient client(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}

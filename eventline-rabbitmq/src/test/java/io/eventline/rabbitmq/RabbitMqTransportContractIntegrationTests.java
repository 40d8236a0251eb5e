package io.eventline.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.outbox.OutboxTransport;
import io.eventline.transport.PartitionKey;
import io.eventline.transport.tck.Received;
import io.eventline.transport.tck.RunningConsumer;
import io.eventline.transport.tck.TransportContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The transport contract on the RabbitMQ at 127.0.0.1:5672 (classic queues, to keep tests quick).
 */
class RabbitMqTransportContractIntegrationTests extends TransportContract {
  static final String URI =
      System.getProperty("eventline.rabbitmq.uri", "amqp://guest:guest@127.0.0.1:5672/%2F");
  static final int PARTITIONS = 4;
  static final List<String> GROUPS = List.of("payments", "reader");
  static Connection admin;
  final List<String> topics = new ArrayList<>();
  final List<String> missing = new ArrayList<>();

  @BeforeAll
  static void connect() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(URI);
    try {
      admin = factory.newConnection("eventline-tests");
    } catch (java.io.IOException e) {
      Assumptions.abort("RabbitMQ is not reachable at " + URI + ": " + e);
    }
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (admin != null) {
      admin.close();
    }
  }

  @Override
  protected String createTopic(String base) {
    String topic = base + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Channel channel = admin.createChannel()) {
      for (String group : GROUPS) {
        RabbitTopology.declareQueues(channel, topic, group, PARTITIONS, "classic");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    topics.add(topic);
    return topic;
  }

  @Override
  protected String missingTopic() {
    String topic = super.missingTopic();
    missing.add(topic); // the transport declares the exchange; no queue is bound to it
    return topic;
  }

  @Override
  protected void deleteTopics() {
    try (Channel channel = admin.createChannel()) {
      for (String topic : missing) {
        channel.exchangeDelete(topic);
      }
      missing.clear();
      for (String topic : topics) {
        for (String group : GROUPS) {
          for (int p = 0; p < PARTITIONS; p++) {
            channel.queueDelete(RabbitTopology.queue(topic, group, p));
          }
        }
        channel.exchangeDelete(topic);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    topics.clear();
  }

  @Override
  protected OutboxTransport transport(int maxMessageBytes) {
    RabbitMqTransport.Builder builder =
        RabbitMqTransport.builder(URI).partitions(PARTITIONS).exchangeCacheTtl(Duration.ZERO);
    if (maxMessageBytes > 0) {
      builder.maxMessageBytes(maxMessageBytes);
    }
    return builder.build();
  }

  @Override
  protected OutboxTransport unreachableTransport() {
    return RabbitMqTransport.builder("amqp://guest:guest@127.0.0.1:1/")
        .connectionTimeout(Duration.ofSeconds(2))
        .build();
  }

  @Override
  protected String wireName(String attribute) {
    return AmqpCloudEvents.wireName(attribute);
  }

  @Override
  protected List<Received> read(String topic, int expected, Duration wait) {
    List<Received> received = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    try (Channel channel = admin.createChannel()) {
      while (received.size() < expected && System.nanoTime() < deadline) {
        boolean any = false;
        for (int p = 0; p < PARTITIONS; p++) {
          GetResponse response;
          while ((response = channel.basicGet(RabbitTopology.queue(topic, "reader", p), true))
              != null) {
            any = true;
            received.add(
                new Received(
                    AmqpCloudEvents.headersAsText(response.getProps()), response.getBody()));
          }
        }
        if (!any) {
          Thread.sleep(50);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return received;
  }

  @Override
  protected void publishMalformed(
      String topic, EventEnvelope<byte[]> event, String attribute, String value) {
    com.rabbitmq.client.AMQP.BasicProperties properties =
        AmqpCloudEvents.properties(event, "/tests");
    Map<String, Object> headers = new HashMap<>(properties.getHeaders());
    headers.remove(wireName(attribute));
    if (value != null) {
      headers.put(wireName(attribute), value);
    }
    try (Channel channel = admin.createChannel()) {
      channel.confirmSelect();
      channel.basicPublish(
          topic,
          Integer.toString(PartitionKey.of(event.aggregateId(), PARTITIONS)),
          properties.builder().headers(headers).messageId(value).build(),
          event.payload());
      channel.waitForConfirmsOrDie(10_000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected RunningConsumer startConsumer(
      String topic, Inbox inbox, String consumer, InboxHandler<byte[]> handler) {
    RabbitMqInboxConsumer runner =
        RabbitMqInboxConsumer.builder(URI, consumer, inbox)
            .topics(topic)
            .partitions(PARTITIONS)
            .queueType("classic")
            .prefetch(20)
            .replayInterval(Duration.ofMillis(200))
            .handler(handler)
            .build()
            .start();
    return RunningConsumer.ofStatus(runner::status, runner::close);
  }

  @Override
  protected String sourcePrefix() {
    return "rabbitmq:";
  }
}

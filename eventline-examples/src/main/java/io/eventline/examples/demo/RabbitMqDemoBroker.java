package io.eventline.examples.demo;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.eventline.core.Redaction;
import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RabbitMQ given by URI, with exchanges and queues named after the run. Before anything is
 * published it binds two extra groups of queues to every partition of every topic: {@code audit},
 * which keeps a copy of every message for the verdict, and {@code duplicator}, from which {@link
 * #republish} takes the records it sends again. Everything the run declared is deleted at the end.
 */
final class RabbitMqDemoBroker extends DemoBroker {
  private static final String AUDIT = "demo-audit";
  private static final String DUPLICATOR = "demo-duplicator";
  private static final List<String> CONSUMERS = List.of("payments", "notifications");

  private final String uri;
  private final ExampleSystem.Topics topics;
  private final Connection connection;

  private RabbitMqDemoBroker(String uri, ExampleSystem.Topics topics, Connection connection) {
    this.uri = uri;
    this.topics = topics;
    this.connection = connection;
  }

  static RabbitMqDemoBroker start(String uri, ExampleSystem.Topics topics) throws IOException {
    Connection connection;
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri);
      factory.setConnectionTimeout(5_000);
      connection = factory.newConnection("eventline-demo");
    } catch (Exception e) {
      throw new IOException(
          "cannot reach RabbitMQ at "
              + Redaction.redact(uri)
              + ": "
              + e.getMessage()
              + ". Start RabbitMQ or give --rabbitmq amqp://user:password@host:5672/vhost",
          e);
    }
    RabbitMqDemoBroker broker = new RabbitMqDemoBroker(uri, topics, connection);
    try (Channel channel = connection.createChannel()) {
      for (String topic : topics.all()) {
        channel.exchangeDeclare(topic, BuiltinExchangeType.DIRECT, true);
        broker.declare(channel, topic, AUDIT);
        if (!topic.equals(topics.notifications())) {
          broker.declare(channel, topic, DUPLICATOR);
        }
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      broker.close();
      throw new IOException("cannot declare the demo's exchanges on RabbitMQ: " + e, e);
    }
    return broker;
  }

  private void declare(Channel channel, String topic, String group) throws IOException {
    for (int p = 0; p < Broker.PARTITIONS; p++) {
      String queue = queue(topic, group, p);
      channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
      channel.queueBind(queue, topic, Integer.toString(p));
    }
  }

  private static String queue(String topic, String group, int partition) {
    return topic + "." + group + "." + partition;
  }

  @Override
  Broker broker() {
    return new Broker("rabbitmq", uri);
  }

  @Override
  ExampleSystem.Topics topics() {
    return topics;
  }

  @Override
  String describe() {
    return "RabbitMQ at " + Redaction.redact(uri) + " (exchanges " + topics.all() + ")";
  }

  /** Drains the audit queues, partition by partition (each holds its partition in order). */
  @Override
  TopicLog read(String topic) {
    TopicLog.Tally tally = new TopicLog.Tally();
    try (Channel channel = connection.createChannel()) {
      for (int p = 0; p < Broker.PARTITIONS; p++) {
        GetResponse message;
        while ((message = channel.basicGet(queue(topic, AUDIT, p), true)) != null) {
          Map<String, Object> headers = message.getProps().getHeaders();
          tally.add(
              text(headers, "id"),
              text(headers, "aggregatetype"),
              text(headers, "subject"),
              text(headers, "aggregateversion"));
        }
      }
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the audit queues of " + topic + ": " + e, e);
    }
    return tally.log();
  }

  private static String text(Map<String, Object> headers, String attribute) {
    Object value = headers == null ? null : headers.get("cloudEvents_" + attribute);
    return value == null ? null : value.toString();
  }

  /**
   * Takes the first {@code count} messages of the duplicator queues and publishes them again to the
   * same exchange and partition, with the same properties (same {@code cloudEvents_id}), with
   * publisher confirms. The duplicator queues of the topic are deleted afterwards.
   */
  @Override
  int republish(String topic, int count) throws IOException {
    int sent = 0;
    try (Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      List<String> queues = new ArrayList<>();
      for (int p = 0; p < Broker.PARTITIONS; p++) {
        queues.add(queue(topic, DUPLICATOR, p));
      }
      for (int p = 0; p < Broker.PARTITIONS && sent < count; p++) {
        int share = (count - sent + Broker.PARTITIONS - p - 1) / (Broker.PARTITIONS - p);
        for (int i = 0; i < share; i++) {
          GetResponse message = channel.basicGet(queues.get(p), true);
          if (message == null) {
            break;
          }
          channel.basicPublish(
              topic, Integer.toString(p), true, message.getProps(), message.getBody());
          sent++;
        }
      }
      channel.waitForConfirmsOrDie(30_000);
      for (String queue : queues) {
        channel.queueDelete(queue);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while RabbitMQ confirmed the duplicates", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("RabbitMQ did not confirm the duplicates: " + e, e);
    }
    return sent;
  }

  @Override
  public void close() {
    try (Channel channel = connection.createChannel()) {
      for (String topic : topics.all()) {
        for (int p = 0; p < Broker.PARTITIONS; p++) {
          channel.queueDelete(queue(topic, AUDIT, p));
          channel.queueDelete(queue(topic, DUPLICATOR, p));
          for (String consumer : CONSUMERS) {
            channel.queueDelete(queue(topic, consumer, p));
          }
        }
        channel.exchangeDelete(topic);
      }
    } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
      // the run's names are its own: what is left does not disturb the next run
    }
    try {
      connection.close(5_000);
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }
}

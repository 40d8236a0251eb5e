package io.eventline.kafka;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.outbox.OutboxTransport;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.transport.tck.Received;
import io.eventline.transport.tck.RunningConsumer;
import io.eventline.transport.tck.TransportContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The shared transport contract on the in-process Kafka broker (topics live as long as it). */
class KafkaTransportContractIntegrationTests extends TransportContract {
  final EmbeddedKafka kafka = EmbeddedKafka.shared();

  @Override
  protected String createTopic(String base) {
    String topic = kafka.freshTopic(base, 3);
    awaitWritable(topic, 3);
    return topic;
  }

  /**
   * Waits until every partition's leader serves its log: right after creation the broker may still
   * answer NOT_LEADER_OR_FOLLOWER, which can leave an idempotent producer retrying out-of-order
   * sequences until its delivery timeout.
   */
  private void awaitWritable(String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topic " + topic + " did not become writable", e);
          }
          Thread.sleep(100);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void deleteTopics() {}

  @Override
  protected OutboxTransport transport(int maxMessageBytes) {
    KafkaTransport.Builder builder =
        KafkaTransport.builder(kafka.bootstrapServers()).topicCacheTtl(Duration.ZERO);
    return (maxMessageBytes > 0
            ? builder.property("max.request.size", Integer.toString(maxMessageBytes))
            : builder)
        .build();
  }

  @Override
  protected OutboxTransport unreachableTransport() {
    return KafkaTransport.builder("127.0.0.1:1").property("max.block.ms", "2000").build();
  }

  @Override
  protected String wireName(String attribute) {
    return switch (attribute) {
      case "datacontenttype" -> "content-type";
      case "traceparent" -> "traceparent";
      default -> "ce_" + attribute;
    };
  }

  @Override
  protected List<Received> read(String topic, int expected, Duration wait) {
    return TopicReader.read(kafka.bootstrapServers(), topic, expected, wait).stream()
        .map(
            delivered -> {
              Map<String, String> headers = new LinkedHashMap<>();
              delivered
                  .record()
                  .headers()
                  .forEach(
                      h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
              return new Received(headers, delivered.record().value());
            })
        .toList();
  }

  @Override
  protected void publishMalformed(
      String topic, EventEnvelope<byte[]> event, String attribute, String value) {
    ProducerRecord<byte[], byte[]> record =
        CloudEventsKafka.encode(topic, "/tests", "application/json", event);
    record.headers().remove(wireName(attribute));
    if (value != null) {
      record.headers().add(wireName(attribute), value.getBytes(StandardCharsets.UTF_8));
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected RunningConsumer startConsumer(
      String topic, Inbox inbox, String consumer, InboxHandler<byte[]> handler) {
    KafkaInboxConsumer runner =
        KafkaInboxConsumer.builder(kafka.bootstrapServers(), consumer + "-" + topic, inbox)
            .consumer(consumer)
            .topics(topic)
            .handler(handler)
            .commitInterval(Duration.ofMillis(50))
            .replayInterval(Duration.ofMillis(200))
            .property("session.timeout.ms", "10000")
            .property("heartbeat.interval.ms", "500")
            .build()
            .start();
    return RunningConsumer.of(
        () -> {
          var status = runner.status();
          return new RunningConsumer.Counts(
              status.processed(), status.duplicates(), status.deadLettered(), status.malformed());
        },
        runner::close);
  }

  @Override
  protected String sourcePrefix() {
    return "kafka:";
  }
}

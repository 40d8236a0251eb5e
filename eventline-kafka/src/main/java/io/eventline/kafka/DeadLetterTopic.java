package io.eventline.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes dead-lettered records to a topic, as they arrived (key, value, headers) plus {@code
 * eventline.dlq.*} headers, and waits for the acknowledgement.
 */
final class DeadLetterTopic implements AutoCloseable {
  static final String REASON = "eventline.dlq.reason";
  static final String CONSUMER = "eventline.dlq.consumer";
  static final String SOURCE = "eventline.dlq.source";
  static final String ATTEMPTS = "eventline.dlq.attempts";
  private static final List<String> CLIENT_KEYS =
      List.of("security.protocol", "sasl.", "ssl.", "client.dns.lookup");
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final String consumer;

  DeadLetterTopic(
      String bootstrapServers, Map<String, Object> consumerConfig, String topic, String consumer) {
    Map<String, Object> config = clientConfig(bootstrapServers, consumerConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "eventline-inbox-" + consumer + "-dlq");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(config);
    this.topic = topic;
    this.consumer = consumer;
  }

  /**
   * @throws IllegalStateException when {@code topic} does not exist or the cluster cannot tell
   */
  static void requireExists(
      String bootstrapServers, Map<String, Object> consumerConfig, String topic) {
    Map<String, Object> config = clientConfig(bootstrapServers, consumerConfig);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(config)) {
      admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          e.getCause() instanceof UnknownTopicOrPartitionException
              ? "the dead-letter topic '" + topic + "' does not exist; create it first"
              : "cannot check the dead-letter topic '" + topic + "': " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "cannot check the dead-letter topic '" + topic + "': the cluster did not answer in 15 s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the dead-letter topic", e);
    }
  }

  void publish(ConsumerRecord<byte[], byte[]> record, String reason, int attempts)
      throws Exception {
    Headers headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().startsWith("eventline.dlq.")) {
        headers.add(header);
      }
    }
    add(headers, REASON, reason.length() > 4_000 ? reason.substring(0, 4_000) : reason);
    add(headers, CONSUMER, consumer);
    add(headers, SOURCE, Sources.of(record));
    add(headers, ATTEMPTS, Integer.toString(attempts));
    producer
        .send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
        .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> clientConfig(
      String bootstrapServers, Map<String, Object> consumerConfig) {
    Map<String, Object> config = new HashMap<>();
    for (Map.Entry<String, Object> entry : consumerConfig.entrySet()) {
      for (String prefix : CLIENT_KEYS) {
        if (entry.getKey().startsWith(prefix)) {
          config.put(entry.getKey(), entry.getValue());
        }
      }
    }
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

package io.eventline.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The Kafka client settings of the relay and the consumers, from {@code eventline.kafka.*} over
 * {@code spring.kafka.*}. The {@code spring.kafka} keys are read from the environment, so Spring
 * Kafka need not be on the class path. Keys that Eventline fixes (acks, idempotence, group id,
 * serializers) are taken from {@code spring.kafka.*} only when Eventline does not fix them; set in
 * {@code eventline.kafka.*} they are refused at startup.
 */
record KafkaSettings(
    String bootstrapServers, Map<String, String> producer, Map<String, String> consumer) {

  private static final Set<String> PRODUCER_FIXED =
      Set.of(
          "acks",
          "enable.idempotence",
          "max.in.flight.requests.per.connection",
          "transactional.id",
          "key.serializer",
          "value.serializer",
          "bootstrap.servers");
  private static final Set<String> CONSUMER_FIXED =
      Set.of(
          "group.id",
          "enable.auto.commit",
          "key.deserializer",
          "value.deserializer",
          "bootstrap.servers");

  static KafkaSettings resolve(EventlineProperties.Kafka eventline, Environment environment) {
    Binder binder = Binder.get(environment);
    List<String> servers =
        eventline.getBootstrapServers().isEmpty()
            ? binder
                .bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
                .orElse(List.of("localhost:9092"))
            : eventline.getBootstrapServers();
    Map<String, String> common = map(binder, "spring.kafka.properties");
    binder
        .bind("spring.kafka.security.protocol", String.class)
        .ifBound(protocol -> common.putIfAbsent("security.protocol", protocol));
    Map<String, String> producer = new LinkedHashMap<>(common);
    producer.putAll(map(binder, "spring.kafka.producer.properties"));
    producer.keySet().removeAll(PRODUCER_FIXED);
    producer.putAll(eventline.getProperties());
    producer.putAll(eventline.getProducerProperties());
    Map<String, String> consumer = new LinkedHashMap<>(common);
    consumer.putAll(map(binder, "spring.kafka.consumer.properties"));
    consumer.keySet().removeAll(CONSUMER_FIXED);
    consumer.putAll(eventline.getProperties());
    consumer.putAll(eventline.getConsumerProperties());
    return new KafkaSettings(String.join(",", servers), producer, consumer);
  }

  private static Map<String, String> map(Binder binder, String prefix) {
    return new LinkedHashMap<>(
        binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
  }
}

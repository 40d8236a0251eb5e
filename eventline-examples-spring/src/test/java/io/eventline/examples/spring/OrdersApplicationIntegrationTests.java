package io.eventline.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.examples.spring.OrderMessages.PaymentProcessed;
import io.eventline.kafka.CloudEventsKafka;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The example end to end over HTTP, on PostgreSQL and the real broker: an order placed through the
 * REST endpoint is stored and published; a refused one leaves nothing; a payment delivered twice
 * marks the order paid once.
 */
class OrdersApplicationIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  static ConfigurableApplicationContext context;
  static String ordersTopic;
  static String paymentsTopic;
  static String bootstrap;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    bootstrap = EmbeddedKafka.shared().bootstrapServers();
    ordersTopic = EmbeddedKafka.shared().freshTopic("order", 1);
    paymentsTopic = EmbeddedKafka.shared().freshTopic("payment", 1);
    String password = db.database().password() == null ? "" : db.database().password();
    context =
        new SpringApplicationBuilder(OrdersApplication.class)
            .run(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.database().user(),
                "--spring.datasource.password=" + password,
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--orders.topic=" + ordersTopic,
                "--orders.payment-topic=" + paymentsTopic,
                "--eventline.inbox.commit-interval=50ms");
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void placedOrderIsStoredAndPublishedAsOrderPlaced() throws Exception {
    HttpResponse<String> response =
        post(
            "{\"customerEmail\":\"ada@example.com\",\"lines\":"
                + "[{\"sku\":\"book\",\"quantity\":2,\"unitPriceCents\":1250}]}");

    assertThat(response.statusCode()).isEqualTo(201);
    String orderId = response.headers().firstValue("Location").orElseThrow().substring(8);
    assertThat(count("SELECT count(*) FROM purchase_order WHERE id = '" + orderId + "'"))
        .isEqualTo(1);
    ConsumerRecord<byte[], byte[]> record = firstRecordWithKey(ordersTopic, orderId);
    assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
        .isEqualTo("order.placed");
    JsonNode payload = new ObjectMapper().readTree(record.value());
    assertThat(payload.get("orderId").asText()).isEqualTo(orderId);
    assertThat(payload.get("totalCents").asLong()).isEqualTo(2500);
  }

  @Test
  void orderRefusedAfterItWasWrittenLeavesNeitherRowNorEvent() throws Exception {
    long ordersBefore = count("SELECT count(*) FROM purchase_order");
    long eventsBefore = count("SELECT count(*) FROM eventline_outbox");

    HttpResponse<String> response =
        post(
            "{\"customerEmail\":\"big@example.com\",\"lines\":"
                + "[{\"sku\":\"yacht\",\"quantity\":1,\"unitPriceCents\":99000000}]}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("exceeds the credit limit");
    assertThat(count("SELECT count(*) FROM purchase_order")).isEqualTo(ordersBefore);
    assertThat(count("SELECT count(*) FROM eventline_outbox")).isEqualTo(eventsBefore);
  }

  @Test
  void paymentDeliveredTwiceMarksTheOrderPaidOnce() throws Exception {
    HttpResponse<String> placed =
        post(
            "{\"customerEmail\":\"bob@example.com\",\"lines\":"
                + "[{\"sku\":\"pen\",\"quantity\":1,\"unitPriceCents\":300}]}");
    String orderId = placed.headers().firstValue("Location").orElseThrow().substring(8);
    EventEnvelope<PaymentProcessed> paid =
        context
            .getBean(EventFactory.class)
            .event(
                "payment.processed", "payment", "p-" + orderId, new PaymentProcessed(orderId, 300));

    publishTwice(paymentsTopic, paid.withPayload(PayloadCodec.json().encode(paid.payload())));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(orderId).body().contains("\"status\":\"PAID\""));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> get(orderId).body().contains("\"paymentsApplied\":1"));
    assertThat(
            count(
                "SELECT count(*) FROM eventline_inbox WHERE consumer = 'orders-payments'"
                    + " AND event_id = '"
                    + paid.eventId()
                    + "'"))
        .isEqualTo(1);
  }

  static HttpResponse<String> post(String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri("/orders"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String orderId) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri("/orders/" + orderId)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static URI uri(String path) {
    return URI.create(
        "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
  }

  static long count(String sql) {
    Long value = context.getBean(JdbcTemplate.class).queryForObject(sql, Long.class);
    return value == null ? -1 : value;
  }

  static ConsumerRecord<byte[], byte[]> firstRecordWithKey(String topic, String key) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      List<String> seen = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          String recordKey = new String(record.key(), StandardCharsets.UTF_8);
          if (recordKey.equals(key)) {
            return record;
          }
          seen.add(recordKey);
        }
      }
      throw new AssertionError("no record with key " + key + " on " + topic + "; saw " + seen);
    }
  }

  static void publishTwice(String topic, EventEnvelope<byte[]> event) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 2; i++) {
        producer.send(CloudEventsKafka.encode(topic, "/payments", "application/json", event)).get();
      }
    }
  }
}

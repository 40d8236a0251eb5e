package io.eventline.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.outbox.OutboxTransport;
import io.eventline.transport.PartitionKey;
import io.eventline.transport.tck.Received;
import io.eventline.transport.tck.RunningConsumer;
import io.eventline.transport.tck.TransportContract;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transport contract on the NATS JetStream at 127.0.0.1:4222 (memory streams, for speed). */
class NatsTransportContractIntegrationTests extends TransportContract {
  static final String SERVERS =
      System.getProperty("eventline.nats.servers", "nats://127.0.0.1:4222");
  static final int PARTITIONS = 4;
  static Connection admin;
  final List<String> streams = new ArrayList<>();

  @BeforeAll
  static void connect() throws Exception {
    try {
      admin =
          Nats.connect(
              new Options.Builder()
                  .server(SERVERS)
                  .connectionTimeout(Duration.ofSeconds(3))
                  .build());
      admin.jetStreamManagement().getAccountStatistics();
    } catch (java.io.IOException | JetStreamApiException e) {
      Assumptions.abort("NATS JetStream is not reachable at " + SERVERS + ": " + e);
    }
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (admin != null) {
      admin.close();
    }
  }

  static String stream(String topic) {
    return topic.replace('.', '_');
  }

  @Override
  protected String createTopic(String base) {
    String topic = base + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      admin
          .jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name(stream(topic))
                  .subjects(topic + ".>")
                  .storageType(StorageType.Memory)
                  .duplicateWindow(Duration.ofMinutes(2))
                  .build());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    streams.add(stream(topic));
    return topic;
  }

  @Override
  protected void deleteTopics() {
    try {
      JetStreamManagement jsm = admin.jetStreamManagement();
      for (String stream : streams) {
        jsm.deleteStream(stream);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    streams.clear();
  }

  @Override
  protected OutboxTransport transport(int maxMessageBytes) {
    NatsTransport.Builder builder =
        NatsTransport.builder(SERVERS).partitions(PARTITIONS).streamCacheTtl(Duration.ZERO);
    if (maxMessageBytes > 0) {
      builder.maxMessageBytes(maxMessageBytes);
    }
    return builder.build();
  }

  @Override
  protected OutboxTransport unreachableTransport() {
    return NatsTransport.builder("nats://127.0.0.1:1")
        .connectionTimeout(Duration.ofSeconds(2))
        .build();
  }

  @Override
  protected String wireName(String attribute) {
    return NatsCloudEvents.wireName(attribute);
  }

  @Override
  protected List<Received> read(String topic, int expected, Duration wait) {
    List<Received> received = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      JetStreamManagement jsm = admin.jetStreamManagement();
      long sequence = 1;
      while (received.size() < expected && System.nanoTime() < deadline) {
        MessageInfo message;
        try {
          message = jsm.getMessage(stream(topic), sequence);
        } catch (JetStreamApiException notYet) {
          Thread.sleep(50);
          continue;
        }
        sequence++;
        received.add(new Received(NatsCloudEvents.text(message.getHeaders()), message.getData()));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return received;
  }

  private void publishRaw(String topic, EventEnvelope<byte[]> event, Headers headers) {
    try {
      admin
          .jetStream()
          .publish(
              topic + "." + PartitionKey.of(event.aggregateId(), PARTITIONS),
              headers,
              event.payload(),
              PublishOptions.builder().messageId(UUID.randomUUID().toString()).build());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void publishMalformed(
      String topic, EventEnvelope<byte[]> event, String attribute, String value) {
    Headers headers = NatsCloudEvents.headers(event, "/tests");
    headers.remove(wireName(attribute));
    if (value != null) {
      headers.put(wireName(attribute), value);
    }
    publishRaw(topic, event, headers);
  }

  @Override
  protected void publishAgain(String topic, EventEnvelope<byte[]> event) {
    // a fresh Nats-Msg-Id: the stream's dedupe would drop the same event id within its window
    publishRaw(topic, event, NatsCloudEvents.headers(event, "/tests"));
  }

  @Override
  protected RunningConsumer startConsumer(
      String topic, Inbox inbox, String consumer, InboxHandler<byte[]> handler) {
    NatsInboxConsumer runner =
        NatsInboxConsumer.builder(SERVERS, consumer, inbox)
            .topics(topic)
            .partitions(PARTITIONS)
            .fetchBatch(20)
            .replayInterval(Duration.ofMillis(200))
            .handler(handler)
            .build()
            .start();
    return RunningConsumer.ofStatus(runner::status, runner::close);
  }

  @Override
  protected String sourcePrefix() {
    return "nats:";
  }

  @Test
  void twoInstancesWithDisjointPartitionsKeepPerAggregateOrder() throws Exception {
    String topic = createTopic("owned");
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int seq = 1; seq <= 20; seq++) {
      for (int a = 0; a < 8; a++) {
        sent.add(event(topic, "n-" + a, seq));
      }
    }
    publish(topic, sent);
    Map<String, List<Long>> seen = new ConcurrentHashMap<>();
    InboxHandler<byte[]> handler =
        (event, context) -> {
          effect(context, event);
          seen.computeIfAbsent(event.aggregateId(), k -> new CopyOnWriteArrayList<>())
              .add(event.aggregateVersion());
        };
    for (Set<Integer> owned : List.of(Set.of(0, 1), Set.of(2, 3))) {
      closeAfter(
          NatsInboxConsumer.builder(SERVERS, "payments", inbox())
              .topics(topic)
              .partitions(PARTITIONS)
              .ownPartitions(owned)
              .handler(handler)
              .build()
              .start());
    }

    await().atMost(WAIT).until(() -> effectCounts().size() == 160);
    assertThat(effectCounts().values()).allMatch(n -> n == 1L);
    seen.forEach(
        (aggregate, versions) -> assertThat(versions).as(aggregate).isSorted().hasSize(20));
  }

  @Override
  protected String noOrderAcrossInstances() {
    return "two instances of one consumer share each durable pull consumer and split its"
        + " messages: NATS 2.9 has no partition ownership (run one instance per consumer, or"
        + " disjoint ownPartitions)";
  }
}

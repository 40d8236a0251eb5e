package io.eventline.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.PayloadCodec;
import io.eventline.outbox.OutboxRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Standard (non-FIFO) queues: no group or deduplication id is sent, every message arrives with its
 * attributes; order is SQS's to choose, so none is asserted.
 */
class SqsStandardQueueIntegrationTests {
  static SqsClient admin;

  @BeforeAll
  static void start() {
    SqsTransportContractIntegrationTests.startServer();
    admin = SqsTransportContractIntegrationTests.admin;
  }

  @AfterAll
  static void stop() {
    SqsTransportContractIntegrationTests.stopServer();
  }

  @Test
  void standardQueuesTakeEveryMessageWithItsAttributes() throws Exception {
    String topic = "standard-" + UUID.randomUUID().toString().substring(0, 8);
    String url = admin.createQueue(b -> b.queueName(topic)).queueUrl();
    EventFactory events = EventFactory.create();
    Set<String> sent = new HashSet<>();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    try (SqsTransport transport =
        SqsTransport.builder(
                SqsTransportContractIntegrationTests.client(
                    SqsTransportContractIntegrationTests.endpoint))
            .fifo(false)
            .build()) {
      for (int i = 1; i <= 25; i++) {
        EventEnvelope<byte[]> event =
            events
                .event("order.placed", topic, "s-" + (i % 3), (long) i, Map.of("i", i), Map.of())
                .withPayload(PayloadCodec.json().encode(Map.of("i", i)));
        sent.add(event.eventId().toString());
        acks.add(transport.send(new OutboxRecord(i, 0, topic, 0, event)));
      }
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    Set<String> received = new HashSet<>();
    for (int round = 0; round < 20 && received.size() < 25; round++) {
      for (Message message :
          admin
              .receiveMessage(
                  b ->
                      b.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(1)
                          .messageAttributeNames("All"))
              .messages()) {
        received.add(SqsCloudEvents.flatten(message.messageAttributes()).get("ce-id"));
        admin.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
    admin.deleteQueue(b -> b.queueUrl(url));
    assertThat(received).isEqualTo(sent);
  }
}

package io.eventline.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventFactory;
import io.eventline.outbox.OutboxRecord;
import io.eventline.outbox.OutboxTransport.FailureKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** One batch call, one entry SQS refuses: only that entry fails, the others are sent. */
class SqsBatchEntryIntegrationTests {

  @BeforeAll
  static void start() {
    SqsTransportContractIntegrationTests.startServer();
  }

  @AfterAll
  static void stop() {
    SqsTransportContractIntegrationTests.stopServer();
  }

  @Test
  void anEntrySqsRefusesFailsAloneAndTheRestOfTheBatchIsSent() throws Exception {
    String topic = "entries-" + UUID.randomUUID().toString().substring(0, 8);
    SqsTransportContractIntegrationTests.admin.createQueue(
        b ->
            b.queueName(topic + ".fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
    EventFactory events = EventFactory.create();
    // larger than SQS's 256 KiB per message, let through by a transport set to allow 1 MiB
    String big = "\"" + "x".repeat(300 * 1024) + "\"";
    List<String> payloads = List.of("{\"n\":1}", big, "{\"n\":3}");
    try (SqsTransport transport =
        SqsTransport.builder(
                SqsTransportContractIntegrationTests.client(
                    SqsTransportContractIntegrationTests.endpoint))
            .maxMessageBytes(1024 * 1024)
            .concurrency(1)
            .build()) {
      List<CompletableFuture<Void>> acks =
          payloads.stream()
              .map(
                  payload ->
                      transport.send(
                          new OutboxRecord(
                              0,
                              0,
                              topic,
                              0,
                              events
                                  .event(
                                      "order.placed",
                                      topic,
                                      "a-" + payload.length(),
                                      1L,
                                      Map.of(),
                                      Map.of())
                                  .withPayload(payload.getBytes(StandardCharsets.UTF_8)))))
              .toList();
      Throwable[] outcomes = new Throwable[3];
      for (int i = 0; i < 3; i++) {
        outcomes[i] = acks.get(i).handle((ok, error) -> error).get(30, TimeUnit.SECONDS);
      }

      assertThat(outcomes[0]).isNull();
      assertThat(outcomes[2]).isNull();
      assertThat(outcomes[1]).isNotNull();
      Throwable cause = outcomes[1].getCause() != null ? outcomes[1].getCause() : outcomes[1];
      assertThat(transport.classify(cause)).isEqualTo(FailureKind.PERMANENT);
    }
  }
}

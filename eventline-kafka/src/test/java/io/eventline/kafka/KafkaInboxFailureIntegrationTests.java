package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.DeadLetter;
import io.eventline.inbox.InboxAdmin;
import io.eventline.inbox.InboxHandler;
import io.eventline.testkit.DatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Poison records, malformed records, dead-letter topic and replays. */
@Timeout(180)
class KafkaInboxFailureIntegrationTests extends RunnerFixture {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  record Order(long total) {}

  @Override
  DatabaseExtension database() {
    return db;
  }

  @Test
  void aPoisonRecordIsDeadLetteredAfterMaxAttemptsWhileLaterRecordsFlow() throws Exception {
    String dlq = kafka.freshTopic("payments-dlq", 1);
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      sent.add(event("poisoned", i)); // one key, so one partition: order is at stake
    }
    for (int i = 1; i <= 40; i++) {
      sent.add(event("healthy-" + (i % 8), i));
    }
    sent.forEach(this::send);
    UUID poison = sent.get(2).eventId();
    AtomicInteger poisonCalls = new AtomicInteger();
    List<Long> poisonedOrder = java.util.Collections.synchronizedList(new ArrayList<>());
    InboxHandler<byte[]> handler =
        (event, context) -> {
          if (event.eventId().equals(poison)) {
            poisonCalls.incrementAndGet();
            throw new IllegalStateException("the ledger rejects event 3 of 'poisoned'");
          }
          if (event.aggregateId().equals("poisoned")) {
            poisonedOrder.add(event.aggregateVersion());
          }
          effect(context, event.eventId(), "ran");
        };

    KafkaInboxConsumer runner = start(runner(inbox(b -> {})).handler(handler).deadLetterTopic(dlq));

    await().atMost(WAIT).until(() -> effectCounts().size() == 44);
    assertThat(poisonCalls).hasValue(3);
    assertThat(poisonedOrder).containsExactly(1L, 2L, 4L, 5L);
    assertEachOnce(effectCounts(), 44);
    List<DeadLetter> dead = InboxAdmin.create(db.dataSource()).dead("payments", 10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).eventId()).isEqualTo(poison);
    assertThat(dead.get(0).attempts()).isEqualTo(3);
    assertThat(dead.get(0).kind()).isEqualTo(DeadLetter.Kind.FAILED);
    assertThat(dead.get(0).error()).contains("the ledger rejects event 3");
    assertThat(dead.get(0).source()).startsWith("kafka:" + topic + "/");
    assertThat(runner.status().deadLettered()).isEqualTo(1);
    assertThat(runner.status().failedAttempts()).isEqualTo(3);
    List<TopicReader.Delivered> onDlq =
        TopicReader.read(kafka.bootstrapServers(), dlq, 1, Duration.ofSeconds(30));
    assertThat(onDlq).hasSize(1);
    assertThat(onDlq.get(0).eventId()).isEqualTo(poison.toString());
    assertThat(onDlq.get(0).header(DeadLetterTopic.REASON)).contains("the ledger rejects event 3");
    assertThat(onDlq.get(0).header(DeadLetterTopic.ATTEMPTS)).isEqualTo("3");
    assertThat(onDlq.get(0).header(DeadLetterTopic.CONSUMER)).isEqualTo("payments");
  }

  @Test
  void malformedRecordsAreDeadLetteredWithTheirReasonAndThePartitionGoesOn() throws Exception {
    EventEnvelope<byte[]> valid = event("m", 1);
    ProducerRecord<byte[], byte[]> template =
        CloudEventsKafka.encode(topic, "/tests", "application/json", valid);
    int partition = 0;
    send(raw(partition, template, "ce_id", null, template.value())); // no ce_id
    send(raw(partition, template, "ce_id", "not-a-uuid", template.value()));
    send(raw(partition, template, "ce_id", UUID.randomUUID().toString(), null)); // tombstone
    EventEnvelope<byte[]> badPayload =
        event("m", 2).withPayload("{\"total\": \"many".getBytes(StandardCharsets.UTF_8));
    send(
        new ProducerRecord<>(
            topic,
            partition,
            "m".getBytes(StandardCharsets.UTF_8),
            badPayload.payload(),
            CloudEventsKafka.encode(topic, "/tests", "application/json", badPayload).headers()));
    send(
        new ProducerRecord<>(
            topic, partition, template.key(), template.value(), template.headers()));
    AtomicInteger handled = new AtomicInteger();

    KafkaInboxConsumer runner =
        start(
            runner(inbox(b -> {}))
                .handler(
                    Order.class,
                    (event, context) -> {
                      handled.incrementAndGet();
                      effect(context, event.eventId(), "total " + event.payload().total());
                    }));

    await().atMost(WAIT).until(() -> effectCounts().containsKey(valid.eventId().toString()));
    assertThat(handled).hasValue(1);
    assertThat(runner.status().running()).isTrue();
    await().atMost(WAIT).until(() -> runner.status().deadLettered() == 4);
    assertThat(runner.status().malformed()).isEqualTo(3);
    Map<String, String> reasons =
        InboxAdmin.create(db.dataSource()).dead("payments", 10).stream()
            .collect(Collectors.toMap(DeadLetter::source, DeadLetter::error));
    assertThat(reasons).hasSize(4);
    assertThat(reasons.get(source(partition, 0))).contains("the required header ce_id is missing");
    assertThat(reasons.get(source(partition, 1))).contains("ce_id 'not-a-uuid' is not a UUID");
    assertThat(reasons.get(source(partition, 2))).contains("tombstone");
    assertThat(reasons.get(source(partition, 3)))
        .contains("cannot decode")
        .contains(Order.class.getName());
  }

  @Test
  void aReplayRequestedByAnOperatorRunsOnTheConsumer() throws Exception {
    EventEnvelope<byte[]> stuck = event("replay", 1);
    send(stuck);
    AtomicBoolean fixed = new AtomicBoolean();
    InboxHandler<byte[]> handler =
        (event, context) -> {
          if (!fixed.get()) {
            throw new IllegalStateException("the price list is not loaded yet");
          }
          effect(context, event.eventId(), "replayed");
        };
    KafkaInboxConsumer runner =
        start(runner(inbox(b -> {})).handler(handler).replayInterval(Duration.ofMillis(100)));
    await().atMost(WAIT).until(() -> runner.status().deadLettered() == 1);

    fixed.set(true);
    InboxAdmin admin = InboxAdmin.create(db.dataSource());
    assertThat(admin.replay(stuck.eventId())).isEqualTo(InboxAdmin.ReplayRequest.REQUESTED);

    await().atMost(WAIT).until(() -> effects(stuck.eventId()) == 1);
    await().atMost(WAIT).until(() -> admin.dead("payments", 10).isEmpty());
    send(stuck);
    Thread.sleep(500);
    assertThat(effects(stuck.eventId())).isEqualTo(1);
  }

  private String source(int partition, long offset) {
    return "kafka:" + topic + "/" + partition + "@" + offset;
  }

  private static ProducerRecord<byte[], byte[]> raw(
      int partition,
      ProducerRecord<byte[], byte[]> template,
      String header,
      String value,
      byte[] payload) {
    RecordHeaders headers = new RecordHeaders();
    template
        .headers()
        .forEach(
            h -> {
              if (!h.key().equals(header)) {
                headers.add(h);
              }
            });
    if (value != null) {
      headers.add(header, value.getBytes(StandardCharsets.UTF_8));
    }
    return new ProducerRecord<>(template.topic(), partition, template.key(), payload, headers);
  }
}

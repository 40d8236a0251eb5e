package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.InboxAdmin.ReplayRequest;
import io.eventline.inbox.InboxResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dead letters: after N attempts, at once when permanent, malformed records, and replays. */
@Timeout(120)
abstract class InboxDeadLetterContract extends InboxFixture {

  record Order(int total) {}

  @Test
  void anEventThatKeepsFailingIsDeadLetteredAfterMaxAttemptsWithTheFullEnvelope() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("50", 7L);
    AtomicInteger calls = new AtomicInteger();

    InboxResult result =
        inbox.process(
            CONSUMER,
            placed,
            (event, context) -> {
              calls.incrementAndGet();
              effect(context, event.eventId(), "half done");
              throw new IllegalStateException("the ledger refused the booking");
            });

    assertThat(result.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(calls).hasValue(3);
    assertThat(effects(placed.eventId())).isZero();
    List<DeadLetter> dead = admin.dead(CONSUMER, 10);
    assertThat(dead).hasSize(1);
    DeadLetter letter = dead.get(0);
    assertThat(letter.kind()).isEqualTo(DeadLetter.Kind.FAILED);
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(letter.error())
        .contains("IllegalStateException")
        .contains("the ledger refused the booking");
    assertThat(letter.deadAt()).isEqualTo(START);
    EventEnvelope<byte[]> envelope = letter.envelope();
    assertThat(envelope.eventId()).isEqualTo(placed.eventId());
    assertThat(envelope.eventType()).isEqualTo("order.placed");
    assertThat(envelope.aggregateType()).isEqualTo("order");
    assertThat(envelope.aggregateId()).isEqualTo("50");
    assertThat(envelope.aggregateVersion()).isEqualTo(7L);
    assertThat(envelope.occurredAt()).isEqualTo(placed.occurredAt());
    assertThat(envelope.correlationId()).isEqualTo(placed.correlationId());
    assertThat(envelope.headers()).isEqualTo(Map.of("tenant", "acme"));
    assertThat(new String(envelope.payload(), StandardCharsets.UTF_8)).contains("\"total\":10");
    assertThat(inbox.stats(CONSUMER).failedAttempts()).isEqualTo(3);
    assertThat(inbox.stats(CONSUMER).deadLettered()).isEqualTo(1);

    Recording<Map<String, Object>> redelivery = new Recording<>();
    assertThat(inbox.handle(CONSUMER, placed, redelivery).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(redelivery.calls).hasValue(0);
  }

  @Test
  void aRejectedEventIsDeadLetteredAfterItsFirstAttempt() {
    EventEnvelope<Map<String, Object>> placed = event("51");
    AtomicInteger calls = new AtomicInteger();

    InboxResult result =
        inbox.process(
            CONSUMER,
            placed,
            (event, context) -> {
              calls.incrementAndGet();
              throw new RejectedEventException("order 51 does not exist in this shop");
            });

    assertThat(result.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(calls).hasValue(1);
    DeadLetter letter = admin.dead(CONSUMER, 10).get(0);
    assertThat(letter.kind()).isEqualTo(DeadLetter.Kind.REJECTED);
    assertThat(letter.error()).contains("order 51 does not exist in this shop");
  }

  @Test
  void anUndecodablePayloadIsDeadLetteredAtOnceAsMalformed() {
    EventEnvelope<byte[]> broken =
        event("52").withPayload("{\"total\": \"ten".getBytes(StandardCharsets.UTF_8));
    AtomicInteger calls = new AtomicInteger();
    InboxHandler<byte[]> handler =
        InboxHandler.decoding(
            Order.class, PayloadCodec.json(), (event, context) -> calls.incrementAndGet());

    InboxResult result = inbox.process(CONSUMER, broken, handler);

    assertThat(result.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(calls).hasValue(0);
    DeadLetter letter = admin.dead(CONSUMER, 10).get(0);
    assertThat(letter.kind()).isEqualTo(DeadLetter.Kind.MALFORMED);
    assertThat(letter.error()).contains("cannot decode").contains(Order.class.getName());
    assertThat(letter.envelope().payload()).isEqualTo(broken.payload());
  }

  @Test
  void aMalformedRecordIsKeptWithItsReasonOnce() {
    MalformedRecord record =
        new MalformedRecord(
            "kafka:orders/0@5",
            "k-1".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 1, 2},
            Map.of("ce_type", "order.placed"),
            "not a valid Eventline CloudEvent: the required header ce_id is missing");

    assertThat(inbox.deadLetter(CONSUMER, record).outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(inbox.deadLetter(CONSUMER, record).outcome()).isEqualTo(Outcome.DUPLICATE);

    List<DeadLetter> dead = admin.dead(10);
    assertThat(dead).hasSize(1);
    DeadLetter letter = dead.get(0);
    assertThat(letter.kind()).isEqualTo(DeadLetter.Kind.MALFORMED);
    assertThat(letter.eventId()).isNull();
    assertThat(letter.envelope()).isNull();
    assertThat(letter.isReplayable()).isFalse();
    assertThat(letter.source()).isEqualTo("kafka:orders/0@5");
    assertThat(letter.error()).contains("ce_id is missing");
    assertThat(letter.rawValue()).containsExactly(0, 1, 2);
    assertThat(admin.replayAll()).isZero();
  }

  @Test
  void aReplayRunsTheDeadEventOnceThroughTheHandler() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("53");
    inbox.process(
        CONSUMER,
        placed,
        (event, context) -> {
          throw new IllegalStateException("not yet");
        });
    Recording<byte[]> fixed = new Recording<>();

    assertThat(inbox.replayRequested(CONSUMER, fixed, 10)).isEmpty();
    assertThat(admin.replay(placed.eventId())).isEqualTo(ReplayRequest.REQUESTED);
    assertThat(admin.dead(CONSUMER, 10).get(0).replayRequestedAt()).isEqualTo(START);
    List<InboxResult> replayed = inbox.replayRequested(CONSUMER, fixed, 10);

    assertOutcomes(replayed, Outcome.PROCESSED);
    assertThat(fixed.calls).hasValue(1);
    assertThat(effects(placed.eventId())).isEqualTo(1);
    assertThat(admin.dead(CONSUMER, 10)).isEmpty();
    assertThat(admin.replay(CONSUMER, placed.eventId())).isEqualTo(ReplayRequest.ALREADY_REPLAYED);
    assertThat(inbox.replayRequested(CONSUMER, fixed, 10)).isEmpty();
    assertThat(inbox.handle(CONSUMER, placed, new Recording<>()).outcome())
        .isEqualTo(Outcome.DUPLICATE);
    assertThat(fixed.calls).hasValue(1);
    assertThat(admin.replay(java.util.UUID.randomUUID())).isEqualTo(ReplayRequest.NOT_FOUND);
    assertThat(inbox.stats(CONSUMER).replayed()).isEqualTo(1);
  }

  @Test
  void aFailedReplayKeepsTheEventDeadWithTheNewError() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("54");
    inbox.process(
        CONSUMER,
        placed,
        (event, context) -> {
          throw new IllegalStateException("first cause");
        });
    admin.replay(CONSUMER, placed.eventId());

    List<InboxResult> replayed =
        inbox.replayRequested(
            CONSUMER,
            (event, context) -> {
              effect(context, event.eventId(), "rolled back");
              throw new IllegalStateException("still broken");
            },
            10);

    assertOutcomes(replayed, Outcome.FAILED);
    assertThat(effects(placed.eventId())).isZero();
    DeadLetter letter = admin.dead(CONSUMER, 10).get(0);
    assertThat(letter.replayRequestedAt()).isNull();
    assertThat(letter.replayError()).contains("still broken");
    assertThat(letter.error()).contains("first cause");
    assertThat(letter.attempts()).isEqualTo(4);
    assertThat(inbox.replayRequested(CONSUMER, new Recording<>(), 10)).isEmpty();
  }

  @Test
  void replayAllRequestsEveryOpenDeadLetterOfTheConsumer() throws Exception {
    for (String consumer : new String[] {"billing", "billing", "shipping"}) {
      inbox.process(
          consumer,
          event("55"),
          (event, context) -> {
            throw new RejectedEventException("no");
          });
    }

    assertThat(admin.replayAll("billing")).isEqualTo(2);
    assertThat(inbox.replayRequested("shipping", new Recording<>(), 10)).isEmpty();
    assertThat(inbox.replayRequested("billing", new Recording<>(), 10)).hasSize(2);
    assertThat(admin.replayAll()).isEqualTo(1);
    assertThat(admin.dead(10)).extracting(DeadLetter::consumer).containsExactly("shipping");
  }
}

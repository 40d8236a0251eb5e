package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.bus.Events.OrderPlaced;
import io.eventline.core.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTransactionUnitTests {
  private final FakeTransactions transactions = new FakeTransactions();
  private final RecordingErrors errors = new RecordingErrors();
  private final EventBus bus =
      EventBus.builder().transactions(transactions).errorListener(errors).build();
  private final List<EventEnvelope<?>> seen = new ArrayList<>();

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void eventsPublishedInATransactionAreDispatchedAfterCommit() {
    bus.subscribe(OrderPlaced.class, seen::add);
    EventEnvelope<OrderPlaced> first = Events.orderPlaced("o-1");
    EventEnvelope<OrderPlaced> second = Events.orderPlaced("o-2");

    transactions.begin();
    bus.publish(first);
    bus.publish(second);
    assertThat(seen).isEmpty();
    assertThat(transactions.pending()).isEqualTo(2);
    transactions.commit();

    assertThat(seen).containsExactly(first, second);
    assertThat(errors.failures).isEmpty();
  }

  @Test
  void eventsPublishedInARolledBackTransactionAreDropped() {
    bus.subscribe(OrderPlaced.class, seen::add);

    transactions.begin();
    bus.publish(Events.orderPlaced("o-1"));
    transactions.rollback();
    EventEnvelope<OrderPlaced> outside = Events.orderPlaced("o-2");
    bus.publish(outside);

    assertThat(seen).containsExactly(outside);
  }

  @Test
  void withoutATransactionEventsAreDispatchedAtOnce() {
    bus.subscribe(OrderPlaced.class, seen::add);
    EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

    bus.publish(placed);

    assertThat(seen).containsExactly(placed);
  }

  @Test
  void aHandlersTransactionalEventKeepsItsCauseUntilCommit() {
    EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");
    bus.subscribe(
        "order.placed",
        event -> {
          transactions.begin();
          bus.publish(Events.paymentFailed("p-1"));
          assertThat(seen).isEmpty();
          transactions.commit();
        });
    bus.subscribe("payment.failed", seen::add);

    bus.publish(placed);

    assertThat(seen)
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.causationId()).isEqualTo(placed.eventId().toString());
              assertThat(failed.correlationId()).isEqualTo(placed.correlationId());
            });
    assertThat(errors.failures).isEmpty();
  }

  @Test
  void aPublicationTooDeepIsRefusedAtPublishNotAtCommit() {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    AtomicInteger deferred = new AtomicInteger(-1);
    try (EventBus shallow =
        EventBus.builder().transactions(transactions).maxDepth(1).errorListener(errors).build()) {
      shallow.subscribe(
          "order.placed",
          event -> {
            transactions.begin();
            try {
              shallow.publish(Events.paymentFailed("p-1"));
            } catch (EventRecursionException e) {
              refused.set(e);
            }
            deferred.set(transactions.pending());
            transactions.commit();
          });

      shallow.publish(Events.orderPlaced("o-1"));
    }

    assertThat(refused.get()).isInstanceOf(EventRecursionException.class);
    assertThat(deferred).hasValue(0);
  }

  @Test
  void aRefusalDuringAnAfterCommitDispatchDoesNotLeakIntoTheNextEvent() {
    AtomicInteger loops = new AtomicInteger();
    try (EventBus plain = EventBus.create();
        EventBus transactional =
            EventBus.builder()
                .transactions(transactions)
                .maxDepth(3)
                .errorListener(errors)
                .build()) {
      // a handler of another bus runs inside the transaction and publishes at depth 1
      plain.subscribe(
          "order.placed", event -> transactional.publish(Events.event("loop.run", "x")));
      transactional.subscribe(
          "loop.run",
          event -> {
            loops.incrementAndGet();
            transactional.publish(Events.event("loop.run", "again"));
          });
      transactional.subscribe(OrderPlaced.class, seen::add);

      transactions.begin();
      plain.publish(Events.orderPlaced("o-1"));
      transactions.commit();
      EventEnvelope<OrderPlaced> next = Events.orderPlaced("o-2");
      transactional.publish(next);

      assertThat(loops).hasValue(2);
      assertThat(errors.failures)
          .singleElement()
          .extracting(RecordingErrors.Failure::error)
          .isInstanceOf(EventRecursionException.class);
      assertThat(seen).containsExactly(next);
    }
  }
}

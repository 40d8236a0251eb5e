package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.core.EventEnvelope;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventBusRecursionUnitTests {
  private final RecordingErrors errors = new RecordingErrors();
  private final AtomicInteger handled = new AtomicInteger();

  @Test
  void aHandlerRepublishingForeverStopsAtTheDepthLimit() {
    try (EventBus bus = EventBus.builder().name("loop-bus").errorListener(errors).build()) {
      bus.subscribe(
          "loop.happened",
          event -> {
            handled.incrementAndGet();
            bus.publish(Events.event("loop.happened", "again"));
          });
      EventEnvelope<String> first = Events.event("loop.happened", "first");

      bus.publish(first);

      assertThat(handled).hasValue(32);
      assertThat(errors.failures)
          .singleElement()
          .satisfies(
              failure -> {
                assertThat(failure.event().correlationId()).isEqualTo(first.correlationId());
                assertThat(failure.handler())
                    .isEqualTo(EventBusRecursionUnitTests.class.getName() + "::lambda");
                assertThat(failure.error())
                    .isInstanceOf(EventRecursionException.class)
                    .hasMessageStartingWith("event loop.happened (")
                    .hasMessageContaining(
                        ") was not dispatched: handlers of bus 'loop-bus' are nested 32 deep"
                            + " (limit 32), most likely a cycle of handlers publishing events;"
                            + " the last handled event was loop.happened (")
                    .hasMessageEndingWith(
                        "Break the cycle, or raise EventBus.maxDepth if the chain is intended.");
              });
    }
  }

  @Test
  void aCycleOfTwoHandlersStopsAtTheLimit() {
    try (EventBus bus = EventBus.builder().maxDepth(10).errorListener(errors).build()) {
      bus.subscribe(
          "ping.sent",
          event -> {
            handled.incrementAndGet();
            bus.publish(Events.event("pong.sent", "pong"));
          });
      bus.subscribe(
          "pong.sent",
          event -> {
            handled.incrementAndGet();
            bus.publish(Events.event("ping.sent", "ping"));
          });

      bus.publish(Events.event("ping.sent", "ping"));

      assertThat(handled).hasValue(10);
      assertThat(errors.failures)
          .singleElement()
          .extracting(RecordingErrors.Failure::error)
          .isInstanceOf(EventRecursionException.class)
          .extracting(Throwable::getMessage)
          .asString()
          .startsWith("event ping.sent (")
          .contains("the last handled event was pong.sent (");
    }
  }

  @Test
  void aCycleThatFansOutStopsAsSoonAsItHitsTheLimit() {
    try (EventBus bus = EventBus.builder().maxDepth(16).errorListener(errors).build()) {
      bus.subscribe(
          "split.happened",
          event -> {
            handled.incrementAndGet();
            bus.publish(Events.event("split.happened", "left"));
            bus.publish(Events.event("split.happened", "right"));
          });
      bus.subscribe("split.happened", event -> handled.incrementAndGet());

      bus.publish(Events.event("split.happened", "root"));

      // one chain down to the limit, each level's second handler still runs: no 2^16 blow-up
      assertThat(handled).hasValue(32);
      assertThat(errors.failures)
          .singleElement()
          .extracting(RecordingErrors.Failure::error)
          .isInstanceOf(EventRecursionException.class);
    }
  }

  @Test
  void theNextTopLevelEventIsDispatchedNormally() {
    try (EventBus bus = EventBus.builder().maxDepth(3).errorListener(errors).build()) {
      bus.subscribe("loop.happened", event -> bus.publish(Events.event("loop.happened", "x")));
      bus.subscribe("order.placed", event -> handled.incrementAndGet());
      bus.subscribe("order.placed", event -> bus.publish(Events.event("order.noted", "x")));
      bus.subscribe("order.noted", event -> handled.incrementAndGet());

      bus.publish(Events.event("loop.happened", "x"));
      bus.publish(Events.orderPlaced("o-1"));

      assertThat(handled).hasValue(2);
      assertThat(errors.failures).hasSize(1);
    }
  }

  @Test
  void aDepthOfOneLetsNoHandlerPublish() {
    try (EventBus bus = EventBus.builder().maxDepth(1).errorListener(errors).build()) {
      bus.subscribe(
          "order.placed",
          event -> {
            handled.incrementAndGet();
            assertThatThrownBy(() -> bus.publish(Events.paymentFailed("p-1")))
                .isInstanceOf(EventRecursionException.class)
                .hasMessageContaining("nested 1 deep (limit 1)");
          });
      bus.subscribe("payment.failed", event -> handled.addAndGet(100));

      bus.publish(Events.orderPlaced("o-1"));

      assertThat(handled).hasValue(1);
    }
  }

  @Test
  void anAsyncHandlerRepublishingForeverStopsAtTheLimit() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    HandlerErrorListener listener =
        (event, handler, error) -> {
          errors.onError(event, handler, error);
          reported.countDown();
        };
    try (EventBus bus = EventBus.builder().maxDepth(8).errorListener(listener).build()) {
      bus.subscribe(
          "loop.happened",
          Delivery.ASYNC,
          event -> {
            handled.incrementAndGet();
            bus.publish(Events.event("loop.happened", "again"));
          });

      bus.publish(Events.event("loop.happened", "first"));

      assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(handled).hasValue(8);
    assertThat(errors.failures)
        .singleElement()
        .extracting(RecordingErrors.Failure::error)
        .isInstanceOf(EventRecursionException.class);
  }
}

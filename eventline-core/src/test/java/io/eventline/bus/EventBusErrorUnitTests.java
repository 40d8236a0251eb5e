package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventline.bus.Events.OrderPlaced;
import io.eventline.core.EventEnvelope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventBusErrorUnitTests {
  private final RecordingErrors errors = new RecordingErrors();
  private final List<String> calls = new ArrayList<>();

  @Test
  void aThrowingHandlerDoesNotStopTheOthers() {
    try (EventBus bus = EventBus.builder().errorListener(errors).build()) {
      bus.subscribe("order.placed", event -> calls.add("before"));
      Subscription failing =
          bus.subscribe(
              "order.placed",
              event -> {
                throw new IllegalStateException("boom");
              });
      bus.subscribe(OrderPlaced.class, event -> calls.add("after"));
      EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

      bus.publish(placed);
      bus.publish(placed);

      assertThat(calls).containsExactly("before", "after", "before", "after");
      assertThat(errors.failures)
          .hasSize(2)
          .allSatisfy(
              failure -> {
                assertThat(failure.event()).isSameAs(placed);
                assertThat(failure.handler())
                    .isEqualTo(failing.name())
                    .isEqualTo(EventBusErrorUnitTests.class.getName() + "::lambda");
                assertThat(failure.error())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("boom");
              });
    }
  }

  static final class FailingListener {
    @Subscribe("order.placed")
    void sendConfirmation(EventEnvelope<OrderPlaced> event) throws IOException {
      throw new IOException("mail server down");
    }
  }

  @Test
  void aCheckedExceptionFromAnAnnotatedMethodIsReported() {
    try (EventBus bus = EventBus.builder().errorListener(errors).build()) {
      bus.register(new FailingListener());
      bus.subscribe("order.placed", event -> calls.add("other"));
      EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

      bus.publish(placed);

      assertThat(calls).containsExactly("other");
      assertThat(errors.failures)
          .singleElement()
          .satisfies(
              failure -> {
                assertThat(failure.event()).isSameAs(placed);
                assertThat(failure.handler())
                    .isEqualTo(FailingListener.class.getName() + "#sendConfirmation");
                assertThat(failure.error())
                    .isInstanceOf(IOException.class)
                    .hasMessage("mail server down");
              });
    }
  }

  @Test
  void aCheckedExceptionFromALambdaIsReported() {
    try (EventBus bus = EventBus.builder().errorListener(errors).build()) {
      bus.subscribe(
          "order.placed",
          event -> {
            throw new IOException("disk full");
          });

      bus.publish(Events.orderPlaced("o-1"));

      assertThat(errors.failures)
          .singleElement()
          .extracting(RecordingErrors.Failure::error)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void anInterruptedHandlerKeepsTheInterruptFlag() {
    try (EventBus bus = EventBus.builder().errorListener(errors).build()) {
      bus.subscribe(
          "order.placed",
          event -> {
            throw new InterruptedException("stop");
          });
      bus.subscribe("order.placed", event -> calls.add("other"));

      bus.publish(Events.orderPlaced("o-1"));

      assertThat(Thread.interrupted()).isTrue();
      assertThat(calls).containsExactly("other");
      assertThat(errors.failures)
          .singleElement()
          .extracting(RecordingErrors.Failure::error)
          .isInstanceOf(InterruptedException.class);
    }
  }

  @Test
  void aThrowingErrorListenerDoesNotStopTheOtherHandlers() {
    HandlerErrorListener broken =
        (event, handler, error) -> {
          throw new IllegalStateException("listener broken");
        };
    try (EventBus bus = EventBus.builder().errorListener(broken).build()) {
      bus.subscribe(
          "order.placed",
          event -> {
            throw new IllegalStateException("boom");
          });
      bus.subscribe("order.placed", event -> calls.add("other"));

      bus.publish(Events.orderPlaced("o-1"));

      assertThat(calls).containsExactly("other");
    }
  }

  @Test
  void byDefaultAFailureIsLoggedWithTheHandlerAndTheEvent() {
    Logger busLog = (Logger) LoggerFactory.getLogger(EventBus.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    busLog.addAppender(logged);
    try (EventBus bus = EventBus.create()) {
      bus.subscribe(
          "order.placed",
          event -> {
            throw new IllegalStateException("boom");
          });
      EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

      bus.publish(placed);

      assertThat(logged.list)
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.getFormattedMessage())
                    .isEqualTo(
                        "handler '"
                            + EventBusErrorUnitTests.class.getName()
                            + "::lambda' failed on event "
                            + placed.eventId()
                            + " (order.placed, aggregate order o-1); the other handlers still"
                            + " ran");
                assertThat(line.getThrowableProxy().getMessage()).isEqualTo("boom");
              });
    } finally {
      busLog.detachAppender(logged);
    }
  }
}

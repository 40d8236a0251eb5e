package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.bus.Events.OrderPlaced;
import io.eventline.bus.Events.PaymentFailed;
import io.eventline.core.EventEnvelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventBusAsyncUnitTests {
  private final RecordingErrors errors = new RecordingErrors();

  /** An executor that holds tasks until the test runs them. */
  static final class ManualExecutor implements java.util.concurrent.Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        task.run();
      }
    }
  }

  @Test
  void asyncHandlersRunOnTheGivenExecutorAfterPublishReturns() {
    ManualExecutor executor = new ManualExecutor();
    List<String> calls = new ArrayList<>();
    try (EventBus bus = EventBus.builder().executor(executor).errorListener(errors).build()) {
      bus.subscribe("order.placed", Delivery.ASYNC, event -> calls.add("async by name"));
      bus.subscribe(OrderPlaced.class, Delivery.ASYNC, event -> calls.add("async by type"));
      bus.subscribe("order.placed", event -> calls.add("sync"));

      bus.publish(Events.orderPlaced("o-1"));

      assertThat(calls).containsExactly("sync");
      assertThat(executor.tasks).hasSize(2);
      executor.runAll();
      assertThat(calls).containsExactly("sync", "async by name", "async by type");
    }
    assertThat(errors.failures).isEmpty();
  }

  @Test
  void asyncHandlersRunOnTheExecutorsThreads() throws Exception {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(task -> new Thread(task, "test-async-worker"));
    AtomicReference<String> thread = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (EventBus bus = EventBus.builder().executor(executor).build()) {
      bus.subscribe(
          "order.placed",
          Delivery.ASYNC,
          event -> {
            thread.set(Thread.currentThread().getName());
            done.countDown();
          });
      bus.publish(Events.orderPlaced("o-1"));

      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(thread.get()).isEqualTo("test-async-worker");
    } finally {
      executor.shutdownNow();
    }
    assertThat(executor.isShutdown()).isTrue();
  }

  @Test
  void aSuppliedExecutorIsNotShutDownByClose() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      EventBus.builder().executor(executor).build().close();
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void closeWaitsForHandlersOnTheDefaultExecutor() {
    AtomicInteger finished = new AtomicInteger();
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    EventBus bus = EventBus.builder().name("waiting-bus").errorListener(errors).build();
    bus.subscribe(
        "order.placed",
        Delivery.ASYNC,
        event -> {
          threads.add(Thread.currentThread().getName());
          Thread.sleep(300);
          finished.incrementAndGet();
        });
    String publisher = Thread.currentThread().getName();

    for (int i = 0; i < 4; i++) {
      bus.publish(Events.orderPlaced("o-" + i));
    }
    assertThat(finished.get()).isLessThan(4);
    bus.close();

    assertThat(finished.get()).isEqualTo(4);
    assertThat(threads).hasSize(4).doesNotContain(publisher);
    assertThat(errors.failures).isEmpty();
  }

  static final class AsyncListener {
    final CountDownLatch received = new CountDownLatch(2);
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    @Subscribe(value = "order.placed", delivery = Delivery.ASYNC)
    void on(EventEnvelope<OrderPlaced> event) {
      threads.add(Thread.currentThread().getName());
      received.countDown();
    }

    @Subscribe(delivery = Delivery.ASYNC)
    void on(PaymentFailed failed) {
      threads.add(Thread.currentThread().getName());
      received.countDown();
    }
  }

  @Test
  void annotatedMethodsCanBeAsynchronous() throws Exception {
    AsyncListener listener = new AsyncListener();
    try (EventBus bus = EventBus.builder().errorListener(errors).build()) {
      bus.register(listener);
      bus.publish(Events.orderPlaced("o-1"));
      bus.publish(Events.paymentFailed("p-1"));

      assertThat(listener.received.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(listener.threads).hasSize(2).doesNotContain(Thread.currentThread().getName());
    assertThat(errors.failures).isEmpty();
  }

  @Test
  void aHandlerUnsubscribedBeforeItsTurnIsNotCalled() {
    ManualExecutor executor = new ManualExecutor();
    AtomicInteger calls = new AtomicInteger();
    try (EventBus bus = EventBus.builder().executor(executor).build()) {
      Subscription subscription =
          bus.subscribe("order.placed", Delivery.ASYNC, event -> calls.incrementAndGet());
      bus.publish(Events.orderPlaced("o-1"));

      subscription.close();
      executor.runAll();
    }
    assertThat(calls).hasValue(0);
  }

  @Test
  void aRejectedTaskIsReportedAndTheOtherHandlersStillRun() {
    List<String> calls = new ArrayList<>();
    java.util.concurrent.Executor full =
        task -> {
          throw new RejectedExecutionException("queue full");
        };
    try (EventBus bus = EventBus.builder().executor(full).errorListener(errors).build()) {
      Subscription async = bus.subscribe("order.placed", Delivery.ASYNC, event -> calls.add("a"));
      bus.subscribe("order.placed", event -> calls.add("sync"));
      EventEnvelope<OrderPlaced> placed = Events.orderPlaced("o-1");

      bus.publish(placed);

      assertThat(calls).containsExactly("sync");
      assertThat(errors.failures)
          .singleElement()
          .satisfies(
              failure -> {
                assertThat(failure.event()).isEqualTo(placed);
                assertThat(failure.handler()).isEqualTo(async.name());
                assertThat(failure.error()).hasMessage("queue full");
              });
    }
  }

  @Test
  void aFailingAsyncHandlerIsReported() throws Exception {
    CountDownLatch reported = new CountDownLatch(1);
    HandlerErrorListener listener =
        (event, handler, error) -> {
          errors.onError(event, handler, error);
          reported.countDown();
        };
    try (EventBus bus = EventBus.builder().errorListener(listener).build()) {
      bus.subscribe(
          "order.placed",
          Delivery.ASYNC,
          event -> {
            throw new IllegalStateException("async boom");
          });
      bus.publish(Events.orderPlaced("o-1"));

      assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(errors.failures)
        .singleElement()
        .extracting(RecordingErrors.Failure::error)
        .isInstanceOf(IllegalStateException.class);
  }
}

package io.eventline.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class EventBusConcurrencyUnitTests {
  private static final int THREADS = 8;
  private static final int OPERATIONS_PER_THREAD = 12_500;

  record Load(int thread) {}

  static final class StableListener {
    final LongAdder calls = new LongAdder();

    @Subscribe("load.happened")
    void on(EventEnvelope<Load> event) {
      calls.increment();
    }
  }

  /** A handler that one worker subscribes, feeds and closes; it must see exactly its events. */
  static final class Churned {
    final AtomicLong received = new AtomicLong();
    long expected;
    Subscription subscription;
  }

  @Test
  void concurrentSubscribingUnsubscribingAndPublishingLosesNoDelivery() throws Exception {
    RecordingErrors errors = new RecordingErrors();
    EventBus bus = EventBus.builder().errorListener(errors).build();
    LongAdder byName = new LongAdder();
    LongAdder byType = new LongAdder();
    bus.subscribe("load.happened", event -> byName.increment());
    bus.subscribe(Load.class, event -> byType.increment());
    StableListener listener = new StableListener();
    bus.register(listener);
    LongAdder published = new LongAdder();
    List<Churned> allChurned = new ArrayList<>();

    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<List<Churned>>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(
          pool.submit(
              () -> {
                start.await();
                return work(bus, thread, published);
              }));
    }
    for (Future<List<Churned>> worker : workers) {
      allChurned.addAll(worker.get(120, TimeUnit.SECONDS));
    }
    pool.shutdown();
    bus.close();

    assertThat(errors.failures).isEmpty();
    assertThat(published.sum()).isGreaterThan(THREADS * OPERATIONS_PER_THREAD / 3);
    assertThat(byName.sum()).isEqualTo(published.sum());
    assertThat(byType.sum()).isEqualTo(published.sum());
    assertThat(listener.calls.sum()).isEqualTo(published.sum());
    assertThat(allChurned).hasSizeGreaterThan(THREADS * 1000);
    assertThat(allChurned)
        .allSatisfy(churned -> assertThat(churned.received.get()).isEqualTo(churned.expected));
  }

  /**
   * Mixes publishing to the shared type, publishing to this worker's own type, subscribing a new
   * handler (by name, by type or as a listener group) and closing the oldest one.
   */
  private static List<Churned> work(EventBus bus, int thread, LongAdder published) {
    String ownType = "worker" + thread + ".ticked";
    EventEnvelope<Load> shared = Events.event("load.happened", new Load(thread));
    EventEnvelope<String> own = Events.event(ownType, "tick");
    Deque<Churned> open = new ArrayDeque<>();
    List<Churned> done = new ArrayList<>();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
      int choice = random.nextInt(10);
      if (choice < 4) {
        bus.publish(shared);
        published.increment();
      } else if (choice < 6) {
        bus.publish(own);
        open.forEach(churned -> churned.expected++);
      } else if (choice < 8 || open.isEmpty()) {
        open.addLast(subscribe(bus, ownType, random.nextInt(3)));
      } else {
        Churned oldest = open.removeFirst();
        oldest.subscription.close();
        done.add(oldest);
      }
    }
    open.forEach(churned -> churned.subscription.close());
    done.addAll(open);
    // closed handlers receive nothing more
    bus.publish(own);
    return done;
  }

  private static Churned subscribe(EventBus bus, String ownType, int how) {
    Churned churned = new Churned();
    churned.subscription =
        switch (how) {
          case 0 -> bus.subscribe(ownType, event -> churned.received.incrementAndGet());
          case 1 ->
              bus.subscribe(
                  String.class,
                  event -> {
                    if (event.eventType().equals(ownType)) {
                      churned.received.incrementAndGet();
                    }
                  });
          default ->
              bus.register(
                  new Object() {
                    @Subscribe
                    void on(EventEnvelope<String> event) {
                      if (event.eventType().equals(ownType)) {
                        churned.received.incrementAndGet();
                      }
                    }
                  });
        };
    return churned;
  }
}

package io.eventline.bench.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs a variant on {@code threads} threads, each consuming fresh events in batches of {@code
 * batch}, for a warm-up and then a measured period; returns events per second.
 */
final class Measurement {
  private Measurement() {}

  static double eventsPerSecond(
      Variant variant, int threads, int batch, int warmupSeconds, int seconds) throws Exception {
    EventFactory events = EventFactory.create();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean counting = new AtomicBoolean(false);
    AtomicReference<Exception> failure = new AtomicReference<>();
    LongAdder consumed = new LongAdder();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int worker = t;
      Thread thread =
          new Thread(
              () -> {
                long sequence = 0;
                try {
                  while (running.get()) {
                    List<EventEnvelope<Long>> next = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                      sequence++;
                      next.add(
                          events.event(
                              "payment.booked",
                              "account",
                              "acct-" + worker + "-" + (sequence % 50),
                              sequence));
                    }
                    variant.consume(next);
                    if (counting.get()) {
                      consumed.add(batch);
                    }
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                  running.set(false);
                }
              },
              "bench-" + variant.name() + "-" + t);
      workers.add(thread);
      thread.start();
    }
    Thread.sleep(warmupSeconds * 1_000L);
    counting.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1_000L);
    counting.set(false);
    long elapsed = System.nanoTime() - start;
    running.set(false);
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return consumed.sum() / (elapsed / 1e9);
  }
}

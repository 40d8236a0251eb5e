package io.eventline.bench.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures several variants on one set of threads, in alternating one-second slices, so that the
 * load of a shared machine falls on all of them alike. A slice starts when its variant is switched
 * on and ends when every batch started in it has finished; only those batches count, and only that
 * time.
 */
final class Measurement {
  private static final int PAUSED = -1;
  private static final long SLICE_NANOS = 1_000_000_000L;

  private final List<Variant> variants;
  private final int threads;
  private final int batch;
  private final EventFactory events = EventFactory.create();
  private final LongAdder[] consumed;
  private final long[] nanos;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile int phase = PAUSED;
  private volatile boolean done;

  private Measurement(List<Variant> variants, int threads, int batch) {
    this.variants = variants;
    this.threads = threads;
    this.batch = batch;
    this.consumed = new LongAdder[variants.size()];
    this.nanos = new long[variants.size()];
    for (int i = 0; i < consumed.length; i++) {
      consumed[i] = new LongAdder();
    }
  }

  /**
   * Events per second of each variant: a warm-up of {@code warmupSeconds} slices per variant, then
   * {@code seconds} measured slices per variant; {@code firstVariant} starts the alternation.
   */
  static double[] eventsPerSecond(
      List<Variant> variants, int threads, int batch, int warmupSeconds, int seconds, int first)
      throws Exception {
    Measurement measurement = new Measurement(variants, threads, batch);
    return measurement.run(warmupSeconds, seconds, first);
  }

  private double[] run(int warmupSeconds, int seconds, int first) throws Exception {
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int worker = t;
      Thread thread = new Thread(() -> work(worker), "bench-" + t);
      workers.add(thread);
      thread.start();
    }
    try {
      slices(warmupSeconds, first);
      for (int i = 0; i < consumed.length; i++) {
        consumed[i].reset();
        nanos[i] = 0;
      }
      slices(seconds, first);
    } finally {
      done = true;
      for (Thread worker : workers) {
        worker.join();
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    double[] rates = new double[variants.size()];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = consumed[i].sum() / (nanos[i] / 1e9);
    }
    return rates;
  }

  private void slices(int perVariant, int first) throws Exception {
    for (int slice = 0; slice < perVariant * variants.size(); slice++) {
      int variant = (first + slice) % variants.size();
      long start = System.nanoTime();
      phase = variant;
      while (System.nanoTime() - start < SLICE_NANOS && failure.get() == null) {
        Thread.sleep(10);
      }
      phase = PAUSED;
      while (active.get() > 0) {
        LockSupport.parkNanos(50_000);
      }
      nanos[variant] += System.nanoTime() - start;
      if (failure.get() != null) {
        throw failure.get();
      }
    }
  }

  private void work(int worker) {
    long sequence = 0;
    while (!done) {
      active.incrementAndGet();
      int variant = phase;
      if (variant == PAUSED) {
        active.decrementAndGet();
        LockSupport.parkNanos(100_000);
        continue;
      }
      try {
        List<EventEnvelope<Long>> next = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          sequence++;
          next.add(
              events.event(
                  "payment.booked", "account", "acct-" + worker + "-" + sequence % 50, sequence));
        }
        variants.get(variant).consume(next);
        consumed[variant].add(batch);
      } catch (Exception e) {
        failure.compareAndSet(null, e);
        done = true;
      } finally {
        active.decrementAndGet();
      }
    }
  }
}

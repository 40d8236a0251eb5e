package io.eventline.bench.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Timed, concurrent append loops and timed reads; results in events per second. */
final class Measure {
  private Measure() {}

  /**
   * Work one writer repeats: append at {@code version} of {@code stream}; returns events written.
   */
  @FunctionalInterface
  interface Step {
    int run(String stream, long version) throws Exception;
  }

  static double appends(int writers, double seconds, String streamPrefix, Step step)
      throws Exception {
    AtomicLong events = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    long[] bounds = new long[2];
    for (int w = 0; w < writers; w++) {
      String stream = streamPrefix + "w" + w;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  long version = 1;
                  while (System.nanoTime() < bounds[1]) {
                    int written = step.run(stream, version);
                    version += written;
                    events.addAndGet(written);
                  }
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    bounds[0] = System.nanoTime();
    bounds[1] = bounds[0] + (long) (seconds * 1e9);
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    long elapsed = System.nanoTime() - bounds[0];
    if (failure.get() != null) {
      throw failure.get();
    }
    return events.get() / (elapsed / 1e9);
  }

  /** Work that reads some events and returns how many. */
  @FunctionalInterface
  interface Read {
    long run() throws Exception;
  }

  static double read(Read read) throws Exception {
    long begin = System.nanoTime();
    long events = read.run();
    return events / ((System.nanoTime() - begin) / 1e9);
  }
}

package io.eventline.bench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writer threads on a fixed schedule: event {@code k} is due {@code k / rate} seconds after the
 * start and is written by thread {@code k % threads}. A thread that falls behind writes at once
 * until it catches up; nothing is skipped, and how late it was is counted.
 */
public final class SteadyWriters {

  /** One business transaction with its event, committed before it returns. */
  @FunctionalInterface
  public interface Write {
    void write(long seq, String aggregateId) throws Exception;
  }

  /**
   * @param startedMicros when event 0 was due, epoch microseconds
   * @param late how many writes started more than 100 ms after they were due
   * @param failedSeqs the events whose transaction failed (rolled back, not expected downstream)
   */
  public record Result(
      long startedMicros,
      long committed,
      List<Long> failedSeqs,
      long late,
      long maxLagMillis,
      double seconds) {}

  private SteadyWriters() {}

  public static Result run(Workload workload, Write write) throws InterruptedException {
    int threads = workload.writers();
    int rate = workload.rate();
    long total = (long) rate * workload.seconds();
    int aggregates = workload.aggregates();
    long startNanos = System.nanoTime() + 50_000_000L;
    long startMicros = Payloads.nowMicros() + 50_000;
    AtomicLong committed = new AtomicLong();
    AtomicLong late = new AtomicLong();
    AtomicLong maxLag = new AtomicLong();
    ConcurrentLinkedQueue<Long> failed = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread worker =
          new Thread(
              () -> {
                boolean reported = false;
                for (long k = first; k < total; k += threads) {
                  long due = startNanos + k * 1_000_000_000L / rate;
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  } else if (-wait > 100_000_000L) {
                    late.incrementAndGet();
                    maxLag.accumulateAndGet(-wait / 1_000_000L, Math::max);
                  }
                  try {
                    write.write(k, Payloads.aggregateId(k, aggregates));
                    committed.incrementAndGet();
                  } catch (Exception e) {
                    failed.add(k);
                    if (!reported) {
                      reported = true;
                      System.err.println("writer " + first + ": event " + k + " failed: " + e);
                    }
                  }
                }
              },
              "writer-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return new Result(
        startMicros, committed.get(), List.copyOf(failed), late.get(), maxLag.get(), seconds);
  }
}

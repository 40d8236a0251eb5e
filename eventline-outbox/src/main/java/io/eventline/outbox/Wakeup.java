package io.eventline.outbox;

/**
 * A wake-up signal with a generation count, so a worker that read the generation before claiming
 * cannot miss a notification that arrived while it worked.
 */
final class Wakeup {
  private long generation;

  synchronized long generation() {
    return generation;
  }

  synchronized void signal() {
    generation++;
    notifyAll();
  }

  /** Waits until the generation moves past {@code seen} or the timeout passes. */
  synchronized void await(long seen, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (generation == seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}

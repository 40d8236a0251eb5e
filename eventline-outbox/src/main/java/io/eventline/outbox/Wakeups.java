package io.eventline.outbox;

/** One wake-up signal per worker, so a notification for a partition wakes only its worker. */
final class Wakeups {
  private final Wakeup[] workers;

  Wakeups(int count) {
    workers = new Wakeup[count];
    for (int i = 0; i < count; i++) {
      workers[i] = new Wakeup();
    }
  }

  Wakeup of(int worker) {
    return workers[worker];
  }

  /** Wakes the worker that serves {@code partition} (workers serve {@code partition % count}). */
  void signalPartition(int partition) {
    workers[Math.floorMod(partition, workers.length)].signal();
  }

  void signalAll() {
    for (Wakeup worker : workers) {
      worker.signal();
    }
  }
}

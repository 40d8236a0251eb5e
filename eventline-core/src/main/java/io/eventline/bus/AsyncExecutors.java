package io.eventline.bus;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The default executor for asynchronous handlers. */
final class AsyncExecutors {
  private AsyncExecutors() {}

  /** A virtual thread per task where the JVM has them (21+), else a small daemon pool. */
  static ExecutorService create(String name) {
    try {
      Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) virtual.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException notAvailable) {
      AtomicInteger count = new AtomicInteger();
      int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
      return Executors.newFixedThreadPool(
          threads,
          task -> {
            Thread thread = new Thread(task, name + "-async-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
    }
  }
}

package io.eventline.bench.eventstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** One benchmark session: set up the contenders, run every test {@code runs} times, report. */
final class Session {
  private static final int[] SINGLE_WRITERS = {1, 4, 16};
  private static final int[] BATCH_WRITERS = {1, 4};
  private static final int REPLAY_EVENTS = 10_000;

  private final double seconds;
  private final int runs;
  private final List<Contender> contenders = new ArrayList<>();
  private final Map<String, Map<String, List<Double>>> results = new LinkedHashMap<>();
  private final Map<String, Long> feedSizes = new LinkedHashMap<>();
  private final String only;

  Session(
      DataSource pool, DataSource leanPool, double seconds, int runs, boolean notify, String only)
      throws Exception {
    this.seconds = seconds;
    this.runs = runs;
    this.only = only;
    contenders.add(new EventlineContender(pool, notify, "Eventline"));
    contenders.add(new AxonContender(pool));
    contenders.add(new RawJdbcContender(pool));
    if (leanPool != null) {
      contenders.add(EventlineContender.lean(leanPool, notify));
    }
  }

  void run() throws Exception {
    List<Contender.Moved> hundred = EventStoreBenchmark.payloads(100);
    for (Contender c : contenders) {
      for (int i = 0; i < REPLAY_EVENTS / 100; i++) {
        c.appendBatch("sum-replay", 1 + i * 100L, hundred);
      }
      Measure.appends(
          2, Math.min(2, seconds), "warm" + c.name().length(), single(c)); // JIT warm-up
      c.replay("sum-replay");
    }
    String loadBefore = Report.loadAverage();
    for (int run = 0; run < runs; run++) {
      List<Contender> order = rotated(run);
      for (int writers : SINGLE_WRITERS) {
        for (Contender c : order) {
          String prefix = "single-r" + run + "n" + writers + "-";
          record(
              "single-event append, " + writers + " writer(s)",
              c,
              () -> Measure.appends(writers, seconds, prefix, single(c)));
        }
      }
      for (int writers : BATCH_WRITERS) {
        for (Contender c : order) {
          String prefix = "batch-r" + run + "n" + writers + "-";
          record(
              "100-event batch append, " + writers + " writer(s)",
              c,
              () ->
                  Measure.appends(
                      writers,
                      seconds,
                      prefix,
                      (stream, version) -> {
                        c.appendBatch(stream, version, hundred);
                        return 100;
                      }));
        }
      }
      for (Contender c : order) {
        long[] size = new long[1];
        record(
            "global feed read (pages of 1000)",
            c,
            () -> Measure.read(() -> size[0] = c.readFeed()));
        if (size[0] > 0) {
          feedSizes.put(c.name(), size[0]);
        }
      }
      for (Contender c : order) {
        record(
            "replay one 10,000-event stream", c, () -> Measure.read(() -> c.replay("sum-replay")));
      }
      System.err.println("run " + (run + 1) + " of " + runs + " done");
    }
    System.out.println(Report.markdown(results, contenders, feedSizes, runs, seconds));
    System.out.println(
        "Load average (1/5/15 min) before: " + loadBefore + "; after: " + Report.loadAverage());
  }

  private static Measure.Step single(Contender c) {
    return (stream, version) -> {
      c.appendOne(stream, version, new Contender.Moved(version, EventStoreBenchmark.NOTE));
      return 1;
    };
  }

  private List<Contender> rotated(int run) {
    List<Contender> order = new ArrayList<>(contenders);
    java.util.Collections.rotate(order, run);
    return order;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A measurement that returns events per second. */
  @FunctionalInterface
  interface Rate {
    double measure() throws Exception;
  }

  private void record(String test, Contender c, Rate rate) throws Exception {
    if (!test.contains(only)) {
      return;
    }
    long cpuBefore = cpuNanos();
    long wallBefore = System.nanoTime();
    double eventsPerSecond = rate.measure();
    double events = eventsPerSecond * (System.nanoTime() - wallBefore) / 1e9;
    double cpuMicrosPerEvent = (cpuNanos() - cpuBefore) / 1e3 / Math.max(1, events);
    results
        .computeIfAbsent(test, t -> new LinkedHashMap<>())
        .computeIfAbsent(c.name(), n -> new ArrayList<>())
        .add(eventsPerSecond);
    System.err.printf(
        "%-40s %-16s %,12.0f events/s %8.1f us JVM CPU/event%n",
        test, c.name(), eventsPerSecond, cpuMicrosPerEvent);
  }
}

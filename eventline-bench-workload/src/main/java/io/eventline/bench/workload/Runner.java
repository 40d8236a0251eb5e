package io.eventline.bench.workload;

import java.util.stream.Collectors;

/**
 * The modes every runner supports, in one place so that each system is driven the same way.
 *
 * <ul>
 *   <li>{@code backlog}: pre-write {@code events} events with the relay stopped, report {@code
 *       prewritten}, start the relay, report {@code relay-started}, wait for {@code stop}.
 *   <li>{@code steady}: start the relay, report {@code relay-started}, write {@code rate} events
 *       per second for {@code seconds} seconds, report {@code writes}, wait for {@code stop}.
 * </ul>
 */
public final class Runner {
  private Runner() {}

  public static void run(Workload workload, OutboxSystem system) throws Exception {
    try (system) {
      switch (workload.mode()) {
        case "backlog" -> {
          long started = System.nanoTime();
          system.prewrite(workload.events(), workload.aggregates());
          RunnerProtocol.report(
              "prewritten", workload.events(), (System.nanoTime() - started) / 1_000_000);
          system.startRelay();
          RunnerProtocol.report("relay-started", Payloads.nowMicros());
        }
        case "steady" -> {
          system.startRelay();
          RunnerProtocol.report("relay-started", Payloads.nowMicros());
          SteadyWriters.Result result = SteadyWriters.run(workload, system::write);
          RunnerProtocol.report(
              "writes",
              result.startedMicros(),
              result.committed(),
              result.late(),
              result.maxLagMillis(),
              String.format(java.util.Locale.ROOT, "%.3f", result.seconds()),
              result.failedSeqs().isEmpty()
                  ? "-"
                  : result.failedSeqs().stream()
                      .map(String::valueOf)
                      .collect(Collectors.joining(",")));
        }
        default -> throw new IllegalArgumentException("unknown mode " + workload.mode());
      }
      RunnerProtocol.awaitStop();
    }
    RunnerProtocol.report("stopped");
  }
}

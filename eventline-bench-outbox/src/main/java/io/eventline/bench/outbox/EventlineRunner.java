package io.eventline.bench.outbox;

import io.eventline.bench.workload.Runner;
import io.eventline.bench.workload.Workload;

/** The runner process for Eventline, the producer baseline and the writer overhead. */
public final class EventlineRunner {
  private EventlineRunner() {}

  public static void main(String[] args) throws Exception {
    Workload workload = Workload.parse(args);
    switch (workload.mode()) {
      case "producer" -> ProducerBaseline.run(workload);
      case "overhead" -> WriterOverhead.run(workload);
      case "fencing" -> FencingCost.run(workload);
      default -> Runner.run(workload, new EventlineSystem(workload));
    }
  }
}

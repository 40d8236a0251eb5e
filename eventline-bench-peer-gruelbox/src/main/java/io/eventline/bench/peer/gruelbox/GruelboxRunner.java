package io.eventline.bench.peer.gruelbox;

import io.eventline.bench.workload.Runner;
import io.eventline.bench.workload.Workload;

/** The runner process for gruelbox transaction-outbox. */
public final class GruelboxRunner {
  private GruelboxRunner() {}

  public static void main(String[] args) throws Exception {
    Workload workload = Workload.parse(args);
    Runner.run(workload, new GruelboxSystem(workload));
    System.exit(0);
  }
}

package io.eventline.bench.outbox;

import io.eventline.bench.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of each system's runner. Built in: {@code eventline} (defaults), {@code
 * gruelbox} (16 dispatch threads) and {@code modulith} (defaults). Any other name must be defined
 * as an Eventline variant with {@code --system.<name>=<runner arguments>}, for instance {@code
 * --system.eventline-tuned=--workers=8 --batch=1000}; {@code --jar.<name>=<path>} runs a variant
 * from another build of this module's jar (an earlier commit, for a before/after in one run). Every
 * runner JVM gets the same options: {@code --jvm=...} (default {@code -Xms256m -Xmx1g}), plus a JFR
 * recording with {@code --jfr=true}.
 */
final class BenchSystems {
  private final Workload options;
  private final Path root;

  BenchSystems(Workload options, Path root) {
    this.options = options;
    this.root = root;
  }

  List<String> eventlineCommand() {
    return eventlineCommand(
        root.resolve("eventline-bench-outbox/target/eventline-bench-outbox.jar").toString());
  }

  private List<String> eventlineCommand(String jar) {
    List<String> command = jvm();
    command.add("-cp");
    command.add(jar);
    command.add(EventlineRunner.class.getName());
    return command;
  }

  List<String> command(String name) {
    List<String> command;
    switch (name) {
      case "eventline" -> command = eventlineCommand();
      case "gruelbox" -> {
        command = jvm();
        command.add("-jar");
        command.add(
            root.resolve("eventline-bench-peer-gruelbox/target/peer-gruelbox.jar").toString());
        command.add("--threads=" + options.getInt("gruelbox-threads", 16));
      }
      case "modulith" -> {
        command = jvm();
        command.add("-jar");
        command.add(
            root.resolve("eventline-bench-peer-modulith/target/peer-modulith.jar").toString());
      }
      default -> {
        String variant = options.get("system." + name, null);
        if (variant == null) {
          throw new IllegalArgumentException(
              "unknown system " + name + ": define it with --system." + name + "=<arguments>");
        }
        String jar = options.get("jar." + name, null);
        command = jar == null ? eventlineCommand() : eventlineCommand(jar);
        command.addAll(Arrays.asList(variant.trim().split("\\s+")));
      }
    }
    return command;
  }

  private List<String> jvm() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(options.get("jvm", "-Xms256m -Xmx1g").trim().split("\\s+")));
    if (options.get("jfr", "false").equals("true")) {
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + Path.of(options.get("logs", root + "/eventline-bench-outbox/target/runs"))
              + "/run-"
              + System.nanoTime()
              + ".jfr");
    }
    return command;
  }
}

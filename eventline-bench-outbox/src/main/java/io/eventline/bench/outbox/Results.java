package io.eventline.bench.outbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every run's figures, and the tables printed at the end: medians over the repeats. */
final class Results {
  private record Run(
      String scenario,
      String system,
      int repeat,
      Map<String, Double> values,
      String loadBefore,
      String loadAfter) {}

  private final List<Run> runs = new ArrayList<>();

  void add(
      String scenario,
      String system,
      int repeat,
      Map<String, Double> values,
      String loadBefore,
      String loadAfter) {
    runs.add(new Run(scenario, system, repeat, values, loadBefore, loadAfter));
  }

  String tables() {
    Map<String, Map<String, List<Run>>> byScenario = new LinkedHashMap<>();
    for (Run run : runs) {
      byScenario
          .computeIfAbsent(run.scenario, s -> new LinkedHashMap<>())
          .computeIfAbsent(run.system, s -> new ArrayList<>())
          .add(run);
    }
    double producer =
        median(byScenario.getOrDefault("producer", Map.of()), "kafka producer", "rate");
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Map<String, List<Run>>> scenario : byScenario.entrySet()) {
      String name = scenario.getKey();
      Map<String, List<Run>> systems = scenario.getValue();
      out.append("### ").append(name).append("\n\n");
      if (name.equals("producer") || name.equals("fencing")) {
        out.append(
            "| variant | records/s (median) | runs | load before / after |\n|---|---:|---|---|\n");
        for (var entry : systems.entrySet()) {
          out.append(row(entry.getKey(), entry.getValue(), "rate", "%,.0f"));
        }
        if (name.equals("fencing")) {
          for (int batch : new int[] {500, 10}) {
            double idempotent = median(systems, "idempotent, batch " + batch, "rate");
            double transactional = median(systems, "transactional, batch " + batch, "rate");
            out.append(
                String.format(
                    Locale.ROOT,
                    "\nbatch %d: transactional / idempotent = %.2f\n",
                    batch,
                    transactional / idempotent));
          }
        }
      } else if (name.equals("backlog")) {
        double bestPeer = 0;
        double bestPeerSecondHalf = 0;
        for (String system : systems.keySet()) {
          if (isPeer(system)) {
            bestPeer = Math.max(bestPeer, median(systems, system, "rate"));
            bestPeerSecondHalf =
                Math.max(bestPeerSecondHalf, median(systems, system, "secondHalf"));
          }
        }
        out.append(
            "| system | events/s first->last append (median) | events/s from relay start | vs best peer | vs producer | events/s over the second half (median): vs best peer, vs producer | duplicates | undelivered at audit | out of key order | CPU ms / 1k events: relay JVM, PostgreSQL, broker | runs | load before / after |\n|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|---|\n");
        for (var entry : systems.entrySet()) {
          String system = entry.getKey();
          double rate = median(systems, system, "rate");
          double secondHalf = median(systems, system, "secondHalf");
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %,.0f | %,.0f | %s | %s | %,.0f: %s, %s | %s | %s | %s | %s | %s | %s |\n",
                  system,
                  rate,
                  median(systems, system, "fromStart"),
                  bestPeer > 0 ? String.format(Locale.ROOT, "%.1fx", rate / bestPeer) : "-",
                  producer > 0 ? String.format(Locale.ROOT, "%.2f", rate / producer) : "-",
                  secondHalf,
                  bestPeerSecondHalf > 0
                      ? String.format(Locale.ROOT, "%.1fx", secondHalf / bestPeerSecondHalf)
                      : "-",
                  producer > 0 ? String.format(Locale.ROOT, "%.2f", secondHalf / producer) : "-",
                  sum(entry.getValue(), "duplicates"),
                  sum(entry.getValue(), "lost"),
                  sum(entry.getValue(), "reordered"),
                  cpu(systems, system),
                  values(entry.getValue(), "rate", "%,.0f"),
                  loads(entry.getValue())));
        }
      } else if (name.startsWith("steady")) {
        out.append(
            "| system | p50 ms | p99 ms | max ms | writes/s achieved | committed | duplicates | undelivered at audit | out of key order | late writes | drained after writers (ms) | CPU ms / 1k events: runner, PostgreSQL, broker | p99 runs | load before / after |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n");
        for (var entry : systems.entrySet()) {
          String system = entry.getKey();
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.1f | %.1f | %.1f | %,.0f | %,.0f | %s | %s | %s | %s | %,.0f | %s | %s | %s |\n",
                  system,
                  median(systems, system, "p50"),
                  median(systems, system, "p99"),
                  median(systems, system, "max"),
                  median(systems, system, "writeRate"),
                  median(systems, system, "committed"),
                  sum(entry.getValue(), "duplicates"),
                  sum(entry.getValue(), "lost"),
                  sum(entry.getValue(), "reordered"),
                  sum(entry.getValue(), "lateWrites"),
                  median(systems, system, "drainMillis"),
                  cpu(systems, system),
                  values(entry.getValue(), "p99", "%.1f"),
                  loads(entry.getValue())));
        }
      } else if (name.equals("overhead")) {
        out.append(
            "| writers | business tx alone, tx/s | with outbox insert, relay busy (no NOTIFY), tx/s | time per tx, with / alone (median) | with outbox insert, relay asleep (NOTIFY), tx/s | time per tx, NOTIFY / alone | ratio runs | load before / after |\n|---|---:|---:|---:|---:|---:|---|---|\n");
        for (var entry : systems.entrySet()) {
          String system = entry.getKey();
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %,.0f | %,.0f | %.2f | %,.0f | %.2f | %s | %s |\n",
                  system,
                  median(systems, system, "alone"),
                  median(systems, system, "with"),
                  median(systems, system, "ratio"),
                  median(systems, system, "quiet"),
                  median(systems, system, "quietRatio"),
                  values(entry.getValue(), "ratio", "%.2f"),
                  loads(entry.getValue())));
        }
      }
      out.append("\n");
    }
    return out.toString();
  }

  private static String cpu(Map<String, List<Run>> systems, String system) {
    return String.format(
        Locale.ROOT,
        "%.0f, %.0f, %.0f",
        median(systems, system, "cpuRunner"),
        median(systems, system, "cpuDatabase"),
        median(systems, system, "cpuBroker"));
  }

  private static boolean isPeer(String system) {
    return system.startsWith("gruelbox")
        || system.startsWith("modulith")
        || system.startsWith("debezium");
  }

  private static String row(String system, List<Run> runs, String key, String format) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s |\n",
        system,
        String.format(Locale.ROOT, format, median(runs, key)),
        values(runs, key, format),
        loads(runs));
  }

  private static double median(Map<String, List<Run>> systems, String system, String key) {
    List<Run> runs = systems.get(system);
    return runs == null ? 0 : median(runs, key);
  }

  private static double median(List<Run> runs, String key) {
    double[] values =
        runs.stream().mapToDouble(r -> r.values.getOrDefault(key, Double.NaN)).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static String sum(List<Run> runs, String key) {
    return String.format(
        Locale.ROOT, "%.0f", runs.stream().mapToDouble(r -> r.values.getOrDefault(key, 0.0)).sum());
  }

  private static String values(List<Run> runs, String key, String format) {
    List<String> all = new ArrayList<>();
    for (Run run : runs) {
      all.add(String.format(Locale.ROOT, format, run.values.getOrDefault(key, Double.NaN)));
    }
    return String.join(" / ", all);
  }

  private static String loads(List<Run> runs) {
    List<String> all = new ArrayList<>();
    for (Run run : runs) {
      all.add(run.loadBefore.split(" ")[0] + " / " + run.loadAfter.split(" ")[0]);
    }
    return String.join("; ", all);
  }
}

package io.eventline.bench.eventstore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Formats results as Markdown: medians, ratios, and every run. */
final class Report {
  private Report() {}

  static String markdown(
      Map<String, Map<String, List<Double>>> results,
      List<Contender> contenders,
      Map<String, Long> feedSizes,
      int runs,
      double seconds) {
    StringBuilder out = new StringBuilder();
    out.append("Medians of ")
        .append(runs)
        .append(" runs, ")
        .append(seconds)
        .append(" s per append measurement; events/s.\n\n");
    out.append("| test |");
    contenders.forEach(c -> out.append(' ').append(c.name()).append(" |"));
    out.append(" Eventline / raw | Eventline / Axon |\n|---|");
    contenders.forEach(c -> out.append("---:|"));
    out.append("---:|---:|\n");
    results.forEach(
        (test, byContender) -> {
          out.append("| ").append(test).append(" |");
          for (Contender c : contenders) {
            out.append(String.format(" %,.0f |", median(byContender.get(c.name()))));
          }
          double eventline = median(byContender.get("Eventline"));
          out.append(String.format(" %.2f |", eventline / median(byContender.get("raw JDBC"))));
          out.append(
              String.format(" %.2f |%n", eventline / median(byContender.get("Axon 4.13 JDBC"))));
        });
    out.append("\nFeed sizes read: ").append(feedSizes).append("\n\nEvery run:\n\n");
    results.forEach(
        (test, byContender) ->
            byContender.forEach(
                (name, values) -> {
                  out.append("- ").append(test).append(", ").append(name).append(":");
                  values.forEach(v -> out.append(String.format(" %,.0f", v)));
                  out.append('\n');
                }));
    return out.toString();
  }

  /** The machine's load average, where /proc tells it. */
  static String loadAverage() {
    try {
      String[] fields =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

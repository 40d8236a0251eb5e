package io.eventline.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The verdict as JSON, for CI and scripts ({@code --report json FILE}). */
final class DemoReport {
  private DemoReport() {}

  static void write(
      Path file,
      Verdict verdict,
      int ordersPlaced,
      int relayKillExit,
      int duplicates,
      boolean brokerRestarted,
      double seconds)
      throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("passed", verdict.passed());
    report.put("ordersPlaced", ordersPlaced);
    Map<String, Object> faults = new LinkedHashMap<>();
    faults.put("relayKilledExitCode", relayKillExit);
    faults.put("duplicateRecordsPublished", duplicates);
    faults.put("brokerRestarted", brokerRestarted);
    faults.put("poisonEvents", 1);
    report.put("faults", faults);
    List<Map<String, Object>> checks =
        verdict.checks().stream()
            .map(
                check -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("name", check.name());
                  entry.put("passed", check.passed());
                  entry.put("detail", check.detail());
                  return entry;
                })
            .toList();
    report.put("checks", checks);
    report.put("seconds", Math.round(seconds));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
  }
}

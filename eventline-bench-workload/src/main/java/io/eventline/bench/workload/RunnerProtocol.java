package io.eventline.bench.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * How a runner talks to the driver: it prints {@code @@ <key> <values>} lines on standard output
 * and, once its part is done, waits for a {@code stop} line (or the end of standard input) before
 * shutting its relay down.
 */
public final class RunnerProtocol {
  private RunnerProtocol() {}

  public static void report(String key, Object... values) {
    StringBuilder line = new StringBuilder("@@ ").append(key);
    for (Object value : values) {
      line.append(' ').append(value);
    }
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  public static void awaitStop() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().equals("stop")) {
        return;
      }
    }
  }
}

package io.eventline.bench.outbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A runner in its own JVM. Its {@code @@} lines are queued for the driver; all its output goes to a
 * log file.
 */
final class RunnerProcess implements AutoCloseable {
  private final Process process;
  private final LinkedBlockingQueue<List<String>> reports = new LinkedBlockingQueue<>();
  private final Thread reader;

  private RunnerProcess(Process process, Path log) throws IOException {
    this.process = process;
    Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    this.reader =
        new Thread(
            () -> {
              try (out;
                  BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  out.write(line);
                  out.write('\n');
                  if (line.startsWith("@@ ")) {
                    reports.add(Arrays.asList(line.substring(3).trim().split(" ")));
                    out.flush();
                  }
                }
              } catch (IOException e) {
                reports.add(List.of("io-error", String.valueOf(e.getMessage())));
              }
              reports.add(List.of("exited"));
            },
            "runner-output");
    reader.setDaemon(true);
    reader.start();
  }

  static RunnerProcess start(List<String> command, Path log) throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(
        ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".err").toFile()));
    return new RunnerProcess(builder.start(), log);
  }

  /** Waits for the report {@code key}; returns its values (without the key). */
  List<String> await(String key, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      long left = deadline - System.nanoTime();
      List<String> report = left > 0 ? reports.poll(left, TimeUnit.NANOSECONDS) : null;
      if (report == null) {
        throw new IllegalStateException("no '" + key + "' report within " + timeoutSeconds + " s");
      }
      if (report.get(0).equals(key)) {
        return report.subList(1, report.size());
      }
      if (report.get(0).equals("exited")) {
        throw new IllegalStateException(
            "the runner exited (code " + process.waitFor() + ") before reporting '" + key + "'");
      }
      reports.add(report); // not ours yet: keep it for a later await
      if (reports.size() == 1) {
        Thread.sleep(10);
      }
    }
  }

  long pid() {
    return process.pid();
  }

  /** Asks the runner to stop its relay and waits for it to exit. */
  void stop() throws InterruptedException {
    try {
      PrintWriter in =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
      in.println("stop");
      in.close();
    } catch (RuntimeException e) {
      // already gone
    }
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    reader.join(5_000);
  }

  /** Later reports (such as relay counters) seen before the exit, without waiting. */
  List<List<String>> drained() {
    List<List<String>> rest = new java.util.ArrayList<>();
    reports.drainTo(rest);
    return rest;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

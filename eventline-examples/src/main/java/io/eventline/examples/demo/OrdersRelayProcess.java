package io.eventline.examples.demo;

import io.eventline.examples.Broker;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The orders relay running as a child JVM, which the demo can kill with SIGKILL. */
final class OrdersRelayProcess {
  private final Process process;
  private final Path log;

  private OrdersRelayProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static OrdersRelayProcess start(String jdbcUrl, Broker broker, String name) throws IOException {
    Path log = Files.createTempFile("eventline-demo-relay-" + name, ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RelayProcess.class.getName(),
                broker.kind(),
                name)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // the URLs may carry passwords: the environment, unlike arguments, is not shown by ps
    builder.environment().put(RelayProcess.JDBC_URL, jdbcUrl);
    builder.environment().put(RelayProcess.BROKER_ADDRESS, broker.address());
    return new OrdersRelayProcess(builder.start(), log);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, leases left to expire, a batch possibly sent but not marked. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  /** SIGTERM: the relay stops gracefully. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    File file = log.toFile();
    file.deleteOnExit();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }
}

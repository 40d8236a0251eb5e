package io.eventline.cli;

import io.eventline.examples.demo.Demo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eventline demo}: the example system end to end on embedded PostgreSQL and Kafka. */
@Command(
    name = "demo",
    description =
        "Run the orders/payments/notifications example end to end on embedded PostgreSQL and"
            + " Kafka, inject faults (relay killed, duplicates, broker restart, poison event), and"
            + " print a verdict computed from the databases and the topics. Exit 0 only when every"
            + " check held.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--orders", defaultValue = "3000", description = "Orders to place (default 3000)")
  int orders;

  @Option(
      names = "--threads",
      defaultValue = "4",
      description = "Threads placing orders (default 4)")
  int threads;

  @Option(
      names = "--no-faults",
      description = "Run without the relay kill, duplicates and broker restart")
  boolean noFaults;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the order generator")
  long seed;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka instead of the embedded broker (topics of the run's own)")
  String kafka;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "Use PostgreSQL: once (a schema per service is created in it) or three times (orders,"
              + " payments, notifications)")
  java.util.List<String> jdbcUrls = java.util.List.of();

  @Option(
      names = "--report",
      arity = "2",
      paramLabel = "json FILE",
      description = "Also write the verdict as JSON to FILE")
  java.util.List<String> report;

  @picocli.CommandLine.ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    if (main == null || !main.verbose) {
      // the demo tells its own story; library and client logs only with --verbose
      if (org.slf4j.LoggerFactory.getILoggerFactory()
          instanceof ch.qos.logback.classic.LoggerContext logging) {
        logging
            .getLoggerList()
            .forEach(logger -> logger.setLevel(ch.qos.logback.classic.Level.OFF));
      }
    }
    Demo.DemoOptions options;
    try {
      java.nio.file.Path reportFile = null;
      if (report != null) {
        if (!"json".equalsIgnoreCase(report.get(0))) {
          throw new CliException(
              "--report takes the format json and a file, e.g. --report json verdict.json");
        }
        reportFile = java.nio.file.Path.of(report.get(1));
      }
      options = new Demo.DemoOptions(orders, threads, !noFaults, seed, kafka, jdbcUrls, reportFile);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    return Demo.run(options, out);
  }
}

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
            + " Kafka (or RabbitMQ or NATS: --transport), inject faults (relay killed, duplicates, broker restart, poison event), and"
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
      names = "--transport",
      defaultValue = "kafka",
      paramLabel = "NAME",
      description =
          "The broker the services meet through: kafka (default; embedded unless --kafka),"
              + " rabbitmq or nats (the local server unless --rabbitmq / --nats). Not sqs: the"
              + " order topic has two consumers and SQS does not fan out without SNS")
  String transport;

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka instead of the embedded broker (topics of the run's own)")
  String kafka;

  @Option(
      names = "--rabbitmq",
      paramLabel = "URI",
      description =
          "RabbitMQ for --transport rabbitmq (default amqp://guest:guest@127.0.0.1:5672/%2F);"
              + " exchanges and queues of the run's own, deleted at the end")
  String rabbitmq;

  @Option(
      names = "--nats",
      paramLabel = "URL",
      description =
          "NATS with JetStream for --transport nats (default nats://127.0.0.1:4222); streams of"
              + " the run's own, deleted at the end")
  String nats;

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
      String kind = io.eventline.examples.Broker.requireKind(transport);
      requireOnlyWith("--kafka", kafka, "kafka", kind);
      requireOnlyWith("--rabbitmq", rabbitmq, "rabbitmq", kind);
      requireOnlyWith("--nats", nats, "nats", kind);
      String address =
          switch (kind) {
            case "rabbitmq" -> rabbitmq;
            case "nats" -> nats;
            default -> kafka;
          };
      options =
          new Demo.DemoOptions(
              orders, threads, !noFaults, seed, kind, address, jdbcUrls, reportFile);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    java.util.Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level> levels =
        main == null || !main.verbose ? silenceLogs() : java.util.Map.of();
    try {
      return Demo.run(options, out);
    } finally {
      levels.forEach(ch.qos.logback.classic.Logger::setLevel);
    }
  }

  /**
   * The demo tells its own story; library and client logs only with --verbose. Returns the levels
   * it replaced, to restore when the demo ends (the CLI can run in-process, as in the tests).
   */
  private static java.util.Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level>
      silenceLogs() {
    java.util.Map<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level> previous =
        new java.util.HashMap<>();
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext logging) {
      for (ch.qos.logback.classic.Logger logger : logging.getLoggerList()) {
        previous.put(logger, logger.getLevel());
        logger.setLevel(ch.qos.logback.classic.Level.OFF);
      }
    }
    return previous;
  }

  private static void requireOnlyWith(String option, String value, String kind, String chosen) {
    if (value != null && !kind.equals(chosen)) {
      throw new CliException(option + " applies to --transport " + kind + ", not " + chosen);
    }
  }
}

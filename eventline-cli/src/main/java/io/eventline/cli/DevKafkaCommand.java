package io.eventline.cli;

import io.eventline.testkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventline dev-kafka}: a single-node Kafka 4.4 (KRaft) for trying Eventline on a machine
 * without Kafka. Not for production: one node, replication factor 1.
 */
@Command(
    name = "dev-kafka",
    description =
        "Run a single-node Kafka 4.4 broker (KRaft) in this process until Ctrl-C, for trying"
            + " Eventline without a Kafka installation. Not for production.")
final class DevKafkaCommand implements Callable<Integer> {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the broker keeps its log (default: a new temporary directory)")
  Path dir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path logDir = dir != null ? dir : Files.createTempDirectory("eventline-dev-kafka");
    EmbeddedKafka broker = EmbeddedKafka.start(logDir);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                  Runtime.getRuntime().halt(0);
                }));
    spec.commandLine()
        .getOut()
        .println(
            "Kafka running at "
                + broker.bootstrapServers()
                + " (log in "
                + logDir
                + "); Ctrl-C stops it");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}

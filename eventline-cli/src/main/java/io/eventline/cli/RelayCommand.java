package io.eventline.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.jdbc.SchemaException;
import io.eventline.outbox.OutboxRelay;
import io.eventline.outbox.RelayStatus;
import io.eventline.outbox.Retention;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventline relay}: publishes the outbox until SIGTERM or SIGINT, then stops gracefully
 * (batch in flight finished or abandoned safely, leases released) and exits 0.
 */
@Command(
    name = "relay",
    description =
        "Publish the outbox to Kafka (or SQS, RabbitMQ, NATS: --transport) until stopped. Logs one line per lease change and a progress"
            + " line periodically; SIGTERM/SIGINT stop it gracefully (exit 0).")
final class RelayCommand implements Callable<Integer> {
  @Mixin DatabaseOptions database;
  @Mixin KafkaOptions kafka;
  @Mixin TransportOptions transport;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description = "Name of this relay in leases and logs")
  String instanceId;

  @Option(names = "--workers", defaultValue = "4", description = "Worker threads (default 4)")
  int workers;

  @Option(
      names = "--batch-size",
      defaultValue = "500",
      description = "Rows per batch (default 500)")
  int batchSize;

  @Option(
      names = "--polling-above",
      defaultValue = "200",
      description =
          "PostgreSQL: events/s per worker above which a busy worker spares its writers the NOTIFY"
              + " (default 200; 2147483647 keeps every writer notifying)")
  int pollingAbove;

  @Option(
      names = "--busy-linger",
      paramLabel = "DURATION",
      defaultValue = "PT0.005S",
      description =
          "PostgreSQL: how long a busy worker whose claim came back short waits before claiming"
              + " again, so rows gather into larger batches (ISO-8601, default PT0.005S; PT0S"
              + " claims again at once)")
  Duration busyLinger;

  @Option(
      names = "--source",
      defaultValue = "/eventline",
      description = "CloudEvents source of the published records, e.g. /orders")
  String source;

  @Option(
      names = "--keep-published",
      paramLabel = "DURATION",
      defaultValue = "P7D",
      description = "Keep published rows this long (ISO-8601, e.g. P7D, PT0S deletes on publish)")
  Duration keepPublished;

  @Option(
      names = "--progress-every",
      paramLabel = "DURATION",
      defaultValue = "PT10S",
      description = "How often to print a progress line (ISO-8601, default PT10S)")
  Duration progressEvery;

  @Option(
      names = "--kafka-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT15S",
      description = "How long to wait for Kafka to answer at start (default PT15S)")
  Duration kafkaTimeout;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    HikariDataSource dataSource = database.open("relay", workers + 4);
    OutboxRelay relay;
    try {
      OutboxRelay.Builder builder =
          OutboxRelay.builder(dataSource, transport.build(kafka, kafkaTimeout, source))
              .workers(workers)
              .batchSize(batchSize)
              .pollingAbove(pollingAbove)
              .busyLinger(busyLinger)
              .retention(
                  keepPublished.isZero()
                      ? Retention.deleteOnPublish()
                      : Retention.keep(keepPublished));
      if (instanceId != null) {
        builder.instanceId(instanceId);
      }
      relay = builder.build().start();
    } catch (SchemaException e) {
      dataSource.close();
      throw new CliException(e.getMessage(), e);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping relay " + relay.instanceId() + " ...");
                  out.flush();
                  relay.close();
                  dataSource.close();
                  out.println("relay " + relay.instanceId() + " stopped cleanly");
                  out.flush();
                  stopped.countDown();
                  // a signal would make the JVM exit 143/130; a clean stop is a success
                  Runtime.getRuntime().halt(0);
                },
                "eventline-relay-shutdown"));
    out.println(
        "relay "
            + relay.instanceId()
            + " running against "
            + database.safeUrl()
            + " and "
            + transport.describe(kafka)
            + "; SIGTERM or Ctrl-C stops it");
    out.flush();
    long lastPublished = 0;
    long lastTime = System.nanoTime();
    while (!stopped.await(progressEvery.toMillis(), TimeUnit.MILLISECONDS)) {
      RelayStatus status = relay.status();
      long now = System.nanoTime();
      double rate = (status.published() - lastPublished) * 1e9 / Math.max(1, now - lastTime);
      lastPublished = status.published();
      lastTime = now;
      out.println(Progress.line(status, rate, java.time.Instant.now()));
      out.flush();
    }
    return 0;
  }
}

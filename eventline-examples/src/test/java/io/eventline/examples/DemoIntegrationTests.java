package io.eventline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.examples.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, smaller: the three services on embedded PostgreSQL and Kafka, with
 * every fault injected, must end with a verdict that holds — computed from the databases and the
 * topics, not from the code's own counters. Then the same on the local RabbitMQ and NATS, where the
 * broker is not the demo's to restart.
 */
class DemoIntegrationTests {

  @Test
  void demoWithFaultsEndsWithAHoldingVerdict() throws Exception {
    Path report = Files.createTempFile("demo-report", ".json");

    String output = runDemo("kafka", report, 0);

    assertThat(output).contains("FAULT Kafka broker stopped");
    assertThat(output).contains("Causation:").containsPattern("payment\\.(processed|failed)");
    String json = Files.readString(report);
    assertThat(json).contains("\"passed\" : true").contains("\"checks\"");
    assertThat(json).doesNotContain("\"passed\" : false");
  }

  @Test
  void demoOnRabbitMqEndsWithAHoldingVerdict() throws Exception {
    String output = runDemo("rabbitmq", null, 5672);

    assertThat(output).contains("meeting only through RabbitMQ");
    assertThat(output).contains("the broker restart is skipped: RabbitMQ at");
  }

  @Test
  void demoOnNatsEndsWithAHoldingVerdict() throws Exception {
    String output = runDemo("nats", null, 4222);

    assertThat(output).contains("meeting only through NATS JetStream");
    assertThat(output).contains("the broker restart is skipped: NATS JetStream at");
  }

  /** Runs the demo with every fault; the broker at {@code port} must answer (0: embedded). */
  private static String runDemo(String transport, Path report, int port) throws Exception {
    if (port > 0) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      } catch (IOException e) {
        Assumptions.abort(transport + " is not running on 127.0.0.1:" + port + ": " + e);
      }
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    int exit =
        Demo.run(new Demo.DemoOptions(1_500, 3, true, 7, transport, null, List.of(), report), out);

    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("FAULT orders relay killed with SIGKILL");
    assertThat(output).contains("records published a second time");
    assertThat(output).contains("poison event dead-lettered");
    assertThat(output).doesNotContain("[FAILED]");
    assertThat(output).contains("VERDICT: all checks held");
    assertThat(exit).as(output).isZero();
    return output;
  }
}

package io.eventline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.examples.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, smaller: the three services on embedded PostgreSQL and Kafka, with
 * every fault injected, must end with a verdict that holds — computed from the databases and the
 * topics, not from the code's own counters.
 */
class DemoIntegrationTests {

  @Test
  void demoWithFaultsEndsWithAHoldingVerdict() throws Exception {
    java.nio.file.Path report = java.nio.file.Files.createTempFile("demo-report", ".json");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    int exit =
        Demo.run(new Demo.DemoOptions(1_500, 3, true, 7, null, java.util.List.of(), report), out);

    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("FAULT orders relay killed with SIGKILL");
    assertThat(output).contains("FAULT Kafka broker stopped");
    assertThat(output).contains("records published a second time");
    assertThat(output).contains("poison event dead-lettered");
    assertThat(output).doesNotContain("[FAILED]");
    assertThat(output).contains("VERDICT: all checks held");
    assertThat(output).contains("Causation:").containsPattern("payment\\.(processed|failed)");
    assertThat(exit).as(output).isZero();
    String json = java.nio.file.Files.readString(report);
    assertThat(json).contains("\"passed\" : true").contains("\"checks\"");
    assertThat(json).doesNotContain("\"passed\" : false");
  }
}

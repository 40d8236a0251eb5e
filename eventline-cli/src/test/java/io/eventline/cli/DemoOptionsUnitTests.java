package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code eventline demo} refuses before it starts anything. */
class DemoOptionsUnitTests {

  @Test
  void sqsIsRefusedWithTheReason() {
    Cli cli = Cli.run("demo", "--transport", "sqs");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err())
        .contains("runs on kafka, rabbitmq or nats, not 'sqs'")
        .contains("fan-out needs SNS")
        .doesNotContain("\tat ");
  }

  @Test
  void anUnknownTransportIsRefused() {
    Cli cli = Cli.run("demo", "--transport", "pulsar");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("not 'pulsar'");
  }

  @Test
  void aBrokerOptionOfAnotherTransportIsRefused() {
    Cli cli = Cli.run("demo", "--rabbitmq", "amqp://localhost", "--transport", "nats");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("--rabbitmq applies to --transport rabbitmq, not nats");
  }
}

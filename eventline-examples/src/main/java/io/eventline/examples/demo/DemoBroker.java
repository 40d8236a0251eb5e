package io.eventline.examples.demo;

import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import java.io.IOException;

/**
 * The demo's side of the broker: it creates the run's topics, reads them back for the verdict,
 * re-sends records to inject duplicates and, where the broker is the demo's own, stops and restarts
 * it. The services see only the {@link Broker}.
 */
abstract class DemoBroker implements AutoCloseable {
  /** RabbitMQ when {@code --transport rabbitmq} is given without a URI. */
  static final String LOCAL_RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/%2F";

  /** NATS when {@code --transport nats} is given without servers. */
  static final String LOCAL_NATS = "nats://127.0.0.1:4222";

  /**
   * Starts (embedded Kafka) or connects to the broker and creates the run's topics.
   *
   * @param run a name of the run, for topics of its own on a shared broker
   */
  static DemoBroker start(Demo.DemoOptions options, String run) throws IOException {
    ExampleSystem.Topics topics = ExampleSystem.Topics.withSuffix("-demo-" + run);
    return switch (options.transport()) {
      case "rabbitmq" ->
          RabbitMqDemoBroker.start(
              options.address() == null ? LOCAL_RABBITMQ : options.address(), topics);
      case "nats" ->
          NatsDemoBroker.start(options.address() == null ? LOCAL_NATS : options.address(), topics);
      default ->
          options.address() == null
              ? KafkaDemoBroker.embedded()
              : KafkaDemoBroker.external(options.address(), topics);
    };
  }

  abstract Broker broker();

  abstract ExampleSystem.Topics topics();

  /** What it is and where, for the start line; passwords masked. */
  abstract String describe();

  /** Every record of {@code topic} the broker holds, read independently of the services. */
  abstract TopicLog read(String topic);

  /**
   * Sends the first {@code count} records of {@code topic} again, as they are (same event id), so
   * that every consumer receives them twice.
   *
   * @return how many were sent again
   */
  abstract int republish(String topic, int count) throws IOException;

  /** What the re-sent records have in common with the originals, for the progress line. */
  String duplicates() {
    return "same event id";
  }

  /** Whether the broker is the demo's own to stop and restart (only the embedded Kafka is). */
  boolean canRestart() {
    return false;
  }

  void stop() {
    throw new UnsupportedOperationException(describe() + " is not the demo's to stop");
  }

  void restart() {
    throw new UnsupportedOperationException(describe() + " is not the demo's to restart");
  }

  /** Removes what the run created on a shared broker, or stops the embedded one. */
  @Override
  public abstract void close();
}

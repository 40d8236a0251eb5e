package io.eventline.transport.tck;

/** A transport's inbox consumer runner, started by the fixture, as the contract sees it. */
public interface RunningConsumer extends AutoCloseable {
  long processed();

  long duplicates();

  long deadLettered();

  long malformed();

  /** Stops gracefully: the message in flight finishes and is acknowledged. */
  @Override
  void close();
}

package io.eventline.bench.transports;

import io.eventline.outbox.OutboxTransport;

/** One broker under test: makes a fresh topic, the transport to it, and cleans up. */
interface Destination extends AutoCloseable {
  String name();

  /** Creates the topic's exchange and queues, stream, or queue; returns the topic. */
  String createTopic(String base) throws Exception;

  OutboxTransport transport();

  void deleteTopic(String topic) throws Exception;

  @Override
  default void close() {}
}

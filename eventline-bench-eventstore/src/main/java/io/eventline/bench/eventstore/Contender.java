package io.eventline.bench.eventstore;

import java.util.List;

/** One event store under test. Every operation decodes or encodes JSON payloads the same way. */
interface Contender {

  String name();

  /**
   * Appends one event at {@code version} (1-based) of {@code stream}, in a transaction of its own.
   */
  void appendOne(String stream, long version, Moved payload) throws Exception;

  /** Appends {@code payloads} as versions {@code firstVersion...} of {@code stream}, atomically. */
  void appendBatch(String stream, long firstVersion, List<Moved> payloads) throws Exception;

  /** Reads the whole global feed in pages, decoding every payload; returns the events read. */
  long readFeed() throws Exception;

  /** Rebuilds the sum of one stream's amounts from all its events; returns the events read. */
  long replay(String stream) throws Exception;

  /** Keeps decoded values alive so the JIT cannot drop the decoding. */
  static void sink(long value) {
    Sink.value ^= value;
  }

  /** Where {@link #sink} puts values. */
  final class Sink {
    static volatile long value;

    private Sink() {}
  }

  /** The benchmark's event payload, about 200 bytes of JSON. */
  record Moved(long amount, String note) {}
}

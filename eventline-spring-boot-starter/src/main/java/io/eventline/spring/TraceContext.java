package io.eventline.spring;

import io.eventline.core.EventEnvelope;

/** The W3C trace context of the calling thread, when Micrometer Tracing is present. */
interface TraceContext {
  TraceContext NONE =
      new TraceContext() {
        @Override
        public String current() {
          return null;
        }

        @Override
        public Handling handling(EventEnvelope<?> event, String consumer) {
          return Handling.NONE;
        }
      };

  /** The {@code traceparent} of the current span, or {@code null} when there is none. */
  String current();

  /**
   * A span for handling {@code event}, continuing its {@code traceparent}, in scope until close.
   */
  Handling handling(EventEnvelope<?> event, String consumer);

  /** One handling span. */
  interface Handling extends AutoCloseable {
    Handling NONE =
        new Handling() {
          @Override
          public void failed(Throwable error) {}

          @Override
          public void close() {}
        };

    void failed(Throwable error);

    @Override
    void close();
  }
}

package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * Trace context through Micrometer Tracing: new events take the current span's {@code traceparent};
 * a handler runs in a consumer span that continues the event's. Needs W3C propagation (Spring
 * Boot's default for Brave and OpenTelemetry); with B3 only, events carry no trace context.
 */
final class MicrometerTraceContext implements TraceContext {
  private static final String TRACEPARENT = "traceparent";

  private final Tracer tracer;
  private final Propagator propagator;

  MicrometerTraceContext(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public String current() {
    io.micrometer.tracing.TraceContext context = tracer.currentTraceContext().context();
    if (context == null) {
      return null;
    }
    Map<String, String> carrier = new HashMap<>();
    propagator.inject(context, carrier, Map::put);
    return carrier.get(TRACEPARENT);
  }

  @Override
  public Handling handling(EventEnvelope<?> event, String consumer) {
    Span.Builder builder =
        event.traceparent() == null
            ? tracer.spanBuilder()
            : propagator.extract(Map.of(TRACEPARENT, event.traceparent()), Map::get);
    Span span =
        builder
            .name("eventline handle " + event.eventType())
            .kind(Span.Kind.CONSUMER)
            .tag("eventline.consumer", consumer)
            .tag("eventline.event_id", event.eventId().toString())
            .start();
    Tracer.SpanInScope scope = tracer.withSpan(span);
    return new Handling() {
      @Override
      public void failed(Throwable error) {
        span.error(error);
      }

      @Override
      public void close() {
        scope.close();
        span.end();
      }
    };
  }
}

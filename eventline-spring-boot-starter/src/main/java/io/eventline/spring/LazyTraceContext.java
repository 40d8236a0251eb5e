package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Finds the {@link Tracer} and {@link Propagator} beans on first use, so that the order in which
 * auto-configurations run does not matter; without both, it carries no trace context. With several
 * of either, the primary or first in order is used.
 */
final class LazyTraceContext implements TraceContext {
  private final ObjectProvider<Tracer> tracers;
  private final ObjectProvider<Propagator> propagators;
  private volatile TraceContext resolved;

  LazyTraceContext(ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
    this.tracers = tracers;
    this.propagators = propagators;
  }

  private TraceContext delegate() {
    TraceContext current = resolved;
    if (current == null) {
      Tracer tracer = tracers.getIfUnique(() -> tracers.orderedStream().findFirst().orElse(null));
      Propagator propagator =
          propagators.getIfUnique(() -> propagators.orderedStream().findFirst().orElse(null));
      current =
          tracer == null || propagator == null || tracer == Tracer.NOOP
              ? TraceContext.NONE
              : new MicrometerTraceContext(tracer, propagator);
      resolved = current;
    }
    return current;
  }

  @Override
  public String current() {
    return delegate().current();
  }

  @Override
  public Handling handling(EventEnvelope<?> event, String consumer) {
    return delegate().handling(event, consumer);
  }
}

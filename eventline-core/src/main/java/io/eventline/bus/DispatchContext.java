package io.eventline.bus;

import io.eventline.core.EventEnvelope;

/** Per-thread state of a dispatch: the event being handled and how deep handlers are nested. */
final class DispatchContext {
  private static final ThreadLocal<DispatchContext> CURRENT =
      ThreadLocal.withInitial(DispatchContext::new);

  EventEnvelope<?> event;
  int depth;

  static DispatchContext current() {
    return CURRENT.get();
  }
}

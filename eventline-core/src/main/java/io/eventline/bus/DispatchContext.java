package io.eventline.bus;

import io.eventline.core.EventEnvelope;

/** Per-thread state of a dispatch: the event being handled and how deep handlers are nested. */
final class DispatchContext {
  private static final ThreadLocal<DispatchContext> CURRENT =
      ThreadLocal.withInitial(DispatchContext::new);

  EventEnvelope<?> event;
  int depth;

  /** Set once a publication was refused for depth; cleared when the outermost dispatch ends. */
  EventRecursionException refusal;

  static DispatchContext current() {
    return CURRENT.get();
  }
}

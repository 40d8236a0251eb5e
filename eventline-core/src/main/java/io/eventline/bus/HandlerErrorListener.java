package io.eventline.bus;

import io.eventline.core.EventEnvelope;

/** Receives every handler failure, with the event and the handler's name. Must not throw. */
@FunctionalInterface
public interface HandlerErrorListener {
  void onError(EventEnvelope<?> event, String handlerName, Throwable error);
}

package io.eventline.bus;

import io.eventline.core.EventEnvelope;

/**
 * Handles one event. An exception thrown here reaches the bus's {@link HandlerErrorListener} and
 * never stops the other handlers of the event.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface EventHandler<T> {
  void handle(EventEnvelope<T> event) throws Exception;
}

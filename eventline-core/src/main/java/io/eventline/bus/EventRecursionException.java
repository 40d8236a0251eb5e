package io.eventline.bus;

/**
 * Handlers published events from handlers deeper than the bus's depth limit: most likely a cycle
 * ({@code a} handled by publishing {@code b}, handled by publishing {@code a}). The message names
 * the refused event, the event being handled when it was refused, and the limit.
 *
 * <p>Once one publication is refused, every further publication made on the same thread by handlers
 * of the same outermost dispatch is refused with this same exception, and the bus reports it to the
 * {@link HandlerErrorListener} only once. The handlers themselves still run (error isolation), but
 * the cycle stops growing.
 */
public final class EventRecursionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether a bus already passed this exception to an error listener. */
  transient boolean reported;

  EventRecursionException(String message) {
    super(message);
  }
}

package io.eventline.bus;

/**
 * Handlers published events from handlers deeper than the bus's depth limit: most likely a cycle
 * ({@code a} handled by publishing {@code b}, handled by publishing {@code a}). The message names
 * the event that was refused and the chain that led to it.
 */
public final class EventRecursionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EventRecursionException(String message) {
    super(message);
  }
}

package io.eventline.bus;

/**
 * A handler registered on an {@link EventBus}. Closing it unsubscribes the handler: no delivery
 * starts after {@link #close()} returns, though one already running on another thread may finish.
 * Closing twice is harmless.
 */
public interface Subscription extends AutoCloseable {

  /** The handler's name, as used in error reports. */
  String name();

  /** Whether the handler is still subscribed. */
  boolean isActive();

  /** Unsubscribes the handler. */
  @Override
  void close();
}

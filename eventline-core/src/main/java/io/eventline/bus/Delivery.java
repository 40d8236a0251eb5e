package io.eventline.bus;

/** How a handler is called. */
public enum Delivery {
  /** On the publishing thread, in registration order, before {@code publish} returns. */
  SYNC,
  /** On the bus's executor; {@code publish} does not wait, and no order is promised. */
  ASYNC
}

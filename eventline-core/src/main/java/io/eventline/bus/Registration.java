package io.eventline.bus;

import io.eventline.core.EventEnvelope;

/** One subscribed handler and what it matches: an event-type name, or a payload class. */
final class Registration implements Subscription {
  final long order;
  final String eventType;
  final Class<?> payloadType;
  final Delivery delivery;
  final EventHandler<Object> handler;
  private final String name;
  private final DefaultEventBus bus;
  volatile boolean active = true;

  Registration(
      long order,
      String eventType,
      Class<?> payloadType,
      Delivery delivery,
      EventHandler<Object> handler,
      String name,
      DefaultEventBus bus) {
    this.order = order;
    this.eventType = eventType;
    this.payloadType = payloadType;
    this.delivery = delivery;
    this.handler = handler;
    this.name = name;
    this.bus = bus;
  }

  boolean matches(String type, Class<?> payloadClass) {
    return eventType != null ? eventType.equals(type) : payloadType.isAssignableFrom(payloadClass);
  }

  void invoke(EventEnvelope<Object> event) throws Exception {
    handler.handle(event);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isActive() {
    return active;
  }

  @Override
  public void close() {
    bus.remove(this);
  }

  @Override
  public String toString() {
    return name;
  }
}

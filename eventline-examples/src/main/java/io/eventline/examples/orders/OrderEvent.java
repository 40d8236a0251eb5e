package io.eventline.examples.orders;

import io.eventline.eventstore.EventMapping;
import java.util.Map;

/** What happened to an order: the facts in its event-sourced stream {@code order-<id>}. */
public sealed interface OrderEvent {
  record Created(String orderId, String customerEmail) implements OrderEvent {}

  record ItemAdded(String sku, int quantity, long unitPriceCents) implements OrderEvent {}

  record ItemRemoved(String sku) implements OrderEvent {}

  record CouponApplied(String code, int percentOff) implements OrderEvent {}

  /** The order is placed: what the payments and notifications services react to. */
  record Placed(String orderId, String customerEmail, long totalCents) implements OrderEvent {}

  /** Stored event types. */
  EventMapping<OrderEvent> MAPPING =
      EventMapping.json(
          Map.of(
              "order.created", Created.class,
              "item.added", ItemAdded.class,
              "item.removed", ItemRemoved.class,
              "coupon.applied", CouponApplied.class,
              "order.placed", Placed.class));
}

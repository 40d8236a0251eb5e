package io.eventline.examples.orders;

/** What a customer asks of an order. */
public sealed interface OrderCommand {
  record Create(String orderId, String customerEmail) implements OrderCommand {}

  record AddItem(String sku, int quantity, long unitPriceCents) implements OrderCommand {}

  record RemoveItem(String sku) implements OrderCommand {}

  record ApplyCoupon(String code, int percentOff) implements OrderCommand {}

  record Place() implements OrderCommand {}
}

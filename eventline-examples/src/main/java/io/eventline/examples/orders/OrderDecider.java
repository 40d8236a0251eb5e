package io.eventline.examples.orders;

import io.eventline.eventstore.Decider;
import java.util.List;
import java.util.Map;

/** The order's rules, as pure functions: no I/O, so the aggregate store may retry freely. */
final class OrderDecider implements Decider<OrderCommand, OrderEvent, Order> {

  @Override
  public Order initialState() {
    return Order.none();
  }

  @Override
  public Order evolve(Order state, OrderEvent event) {
    if (event instanceof OrderEvent.Created created) {
      return new Order(created.orderId(), created.customerEmail(), Map.of(), 0, false);
    }
    if (event instanceof OrderEvent.ItemAdded added) {
      Map<String, Order.Line> lines = state.mutableLines();
      Order.Line old = lines.get(added.sku());
      int quantity = (old == null ? 0 : old.quantity()) + added.quantity();
      lines.put(added.sku(), new Order.Line(quantity, added.unitPriceCents()));
      return state.with(lines);
    }
    if (event instanceof OrderEvent.ItemRemoved removed) {
      Map<String, Order.Line> lines = state.mutableLines();
      lines.remove(removed.sku());
      return state.with(lines);
    }
    if (event instanceof OrderEvent.CouponApplied coupon) {
      return new Order(
          state.id(), state.customerEmail(), state.lines(), coupon.percentOff(), false);
    }
    if (event instanceof OrderEvent.Placed) {
      return new Order(state.id(), state.customerEmail(), state.lines(), state.percentOff(), true);
    }
    throw new IllegalArgumentException("unknown order event " + event);
  }

  @Override
  public List<OrderEvent> decide(OrderCommand command, Order state) {
    if (command instanceof OrderCommand.Create create) {
      if (state.exists()) {
        return List.of(); // creating twice is a no-op: safe to retry
      }
      return List.of(new OrderEvent.Created(create.orderId(), create.customerEmail()));
    }
    if (!state.exists()) {
      throw new IllegalStateException("order does not exist");
    }
    if (state.placed()) {
      throw new IllegalStateException("order " + state.id() + " is placed and cannot change");
    }
    if (command instanceof OrderCommand.AddItem add) {
      if (add.quantity() <= 0 || add.unitPriceCents() < 0) {
        throw new IllegalArgumentException("quantity must be positive and price not negative");
      }
      return List.of(new OrderEvent.ItemAdded(add.sku(), add.quantity(), add.unitPriceCents()));
    }
    if (command instanceof OrderCommand.RemoveItem remove) {
      return state.lines().containsKey(remove.sku())
          ? List.of(new OrderEvent.ItemRemoved(remove.sku()))
          : List.of();
    }
    if (command instanceof OrderCommand.ApplyCoupon coupon) {
      if (coupon.percentOff() < 1 || coupon.percentOff() > 90) {
        throw new IllegalArgumentException("a coupon takes 1 to 90 percent off");
      }
      return List.of(new OrderEvent.CouponApplied(coupon.code(), coupon.percentOff()));
    }
    if (command instanceof OrderCommand.Place) {
      if (state.lines().isEmpty()) {
        throw new IllegalStateException("an empty order cannot be placed");
      }
      return List.of(new OrderEvent.Placed(state.id(), state.customerEmail(), state.totalCents()));
    }
    throw new IllegalArgumentException("unknown order command " + command);
  }
}

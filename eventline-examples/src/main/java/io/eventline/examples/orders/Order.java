package io.eventline.examples.orders;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An order's state, rebuilt from its events.
 *
 * @param id the order id, null before creation
 * @param customerEmail who ordered
 * @param lines sku to (quantity, unit price)
 * @param percentOff the coupon's discount
 * @param placed whether it was placed (no more changes)
 */
public record Order(
    String id, String customerEmail, Map<String, Line> lines, int percentOff, boolean placed) {

  public record Line(int quantity, long unitPriceCents) {}

  static Order none() {
    return new Order(null, null, Map.of(), 0, false);
  }

  public boolean exists() {
    return id != null;
  }

  public long totalCents() {
    long sum = lines.values().stream().mapToLong(l -> l.quantity() * l.unitPriceCents()).sum();
    return sum - sum * percentOff / 100;
  }

  Order with(Map<String, Line> newLines) {
    return new Order(id, customerEmail, Map.copyOf(newLines), percentOff, placed);
  }

  Map<String, Line> mutableLines() {
    return new LinkedHashMap<>(lines);
  }
}

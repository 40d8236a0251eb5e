package io.eventline.examples.spring;

import io.eventline.examples.spring.OrderMessages.OrderRefusedException;
import io.eventline.examples.spring.OrderMessages.PlaceOrder;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders} and {@code GET /orders/{id}}. */
@RestController
@RequestMapping("/orders")
class OrderController {
  private final OrderService service;
  private final PurchaseOrders orders;

  OrderController(OrderService service, PurchaseOrders orders) {
    this.service = service;
    this.orders = orders;
  }

  @PostMapping
  ResponseEntity<PurchaseOrder> place(@RequestBody PlaceOrder command) {
    PurchaseOrder order = service.place(command);
    return ResponseEntity.created(URI.create("/orders/" + order.getId())).body(order);
  }

  @GetMapping("/{id}")
  ResponseEntity<PurchaseOrder> get(@PathVariable String id) {
    return ResponseEntity.of(orders.findById(id));
  }

  @ExceptionHandler(OrderRefusedException.class)
  ResponseEntity<Map<String, String>> refused(OrderRefusedException e) {
    return ResponseEntity.status(422).body(Map.of("error", e.getMessage()));
  }
}

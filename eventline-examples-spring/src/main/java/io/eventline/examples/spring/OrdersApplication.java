package io.eventline.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders service on Spring Boot: {@code POST /orders} stores a JPA entity and writes {@code
 * order.placed} to the outbox in one transaction; the relay publishes it to Kafka; {@code
 * payment.processed} events mark orders paid, exactly once, through an inbox-backed handler.
 */
@SpringBootApplication
public class OrdersApplication {
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}

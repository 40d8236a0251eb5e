package io.eventline.examples.spring;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An order, as a JPA entity. */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrder {
  /** Where an order stands. */
  public enum Status {
    PLACED,
    PAID
  }

  @Id private String id;
  private String customerEmail;
  private long totalCents;
  private Status status;
  private Instant placedAt;
  private int paymentsApplied;

  protected PurchaseOrder() {}

  PurchaseOrder(String id, String customerEmail, long totalCents, Instant placedAt) {
    this.id = id;
    this.customerEmail = customerEmail;
    this.totalCents = totalCents;
    this.status = Status.PLACED;
    this.placedAt = placedAt;
  }

  void markPaid() {
    status = Status.PAID;
    paymentsApplied++;
  }

  public String getId() {
    return id;
  }

  public String getCustomerEmail() {
    return customerEmail;
  }

  public long getTotalCents() {
    return totalCents;
  }

  public Status getStatus() {
    return status;
  }

  public Instant getPlacedAt() {
    return placedAt;
  }

  public int getPaymentsApplied() {
    return paymentsApplied;
  }
}

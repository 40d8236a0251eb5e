package io.eventline.examples.spring;

import org.springframework.data.jpa.repository.JpaRepository;

/** The orders table. */
public interface PurchaseOrders extends JpaRepository<PurchaseOrder, String> {}

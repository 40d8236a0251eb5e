package io.eventline.examples.payments;

/** The payload of {@code payment.processed} and {@code payment.failed}. */
public record PaymentResult(
    String orderId, String customerEmail, long amountCents, String status) {}

package io.eventline.bench;

/** The payload every bus dispatches; created once per trial, outside the measured methods. */
public record OrderPlaced(String orderId, long amountCents) {}

package io.eventline.examples.notifications;

/** The payload of {@code notification.sent}. */
public record EmailSent(String orderId, String kind, String recipient) {}

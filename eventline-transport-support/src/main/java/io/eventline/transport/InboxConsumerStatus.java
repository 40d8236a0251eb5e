package io.eventline.transport;

/**
 * What a consumer runner did since it started.
 *
 * @param consumer the inbox consumer name
 * @param running whether it is consuming
 * @param processed events whose handler ran and committed
 * @param duplicates deliveries the inbox found handled already
 * @param failedAttempts handler attempts that rolled back
 * @param deadLettered events and malformed messages written to the dead letters
 * @param malformed messages that were not readable events (also counted in deadLettered)
 * @param parked events the ordering guard set aside
 */
public record InboxConsumerStatus(
    String consumer,
    boolean running,
    long processed,
    long duplicates,
    long failedAttempts,
    long deadLettered,
    long malformed,
    long parked) {}

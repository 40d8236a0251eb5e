package io.eventline.inbox;

/**
 * What one consumer's inbox counted since this {@link Inbox} was built. Cheap: reading it runs no
 * query.
 *
 * @param processed events whose handler committed
 * @param duplicates deliveries dropped because the mark was there
 * @param failedAttempts attempts that rolled back
 * @param deadLettered events written to the dead letters (failed, rejected or malformed)
 * @param parked events parked by the ordering guard
 * @param gaps events whose version skipped versions, whatever the policy did with them
 * @param older events whose version was not above the last handled, whatever the policy did
 * @param replayed dead letters replayed (processed or found already handled)
 * @param purged marks removed by retention
 */
public record InboxStats(
    long processed,
    long duplicates,
    long failedAttempts,
    long deadLettered,
    long parked,
    long gaps,
    long older,
    long replayed,
    long purged) {}

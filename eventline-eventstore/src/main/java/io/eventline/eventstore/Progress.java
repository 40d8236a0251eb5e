package io.eventline.eventstore;

/**
 * How far a subscription got.
 *
 * @param subscription its name
 * @param processed events handled by this instance since it started or since the rebuild began
 * @param total during a rebuild, the events the feed held when it began; -1 otherwise
 * @param checkpoint the last committed checkpoint
 * @param caughtUp whether the last read found no more events (the subscription is live)
 */
public record Progress(
    String subscription, long processed, long total, Checkpoint checkpoint, boolean caughtUp) {}

package io.eventline.eventstore;

/**
 * An aggregate's state as loaded.
 *
 * @param streamId its stream, {@code <category>-<id>}
 * @param state the state after {@code version} events
 * @param version the version of the last event applied (0: none); the expected version of the next
 *     append
 * @param snapshotVersion the version of the snapshot the load started from, or 0 when it replayed
 *     from the start
 */
public record Aggregate<S>(String streamId, S state, long version, long snapshotVersion) {}

package io.eventline.eventstore;

/**
 * A stream's state.
 *
 * @param streamId the stream
 * @param version the version of its latest event (kept after a soft delete)
 * @param softDeleted whether it is soft-deleted: its metadata hides every event (truncate-before is
 *     past its version), so reads return nothing until the next append
 * @param hardDeleted whether it was erased: its events are gone and its id is a tombstone
 * @param metadata what reads hide
 */
public record StreamInfo(
    String streamId,
    long version,
    boolean softDeleted,
    boolean hardDeleted,
    StreamMetadata metadata) {}

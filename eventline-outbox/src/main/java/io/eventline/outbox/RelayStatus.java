package io.eventline.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;

/**
 * A relay's counters since start and its latest backlog probe.
 *
 * @param instanceId the relay instance
 * @param running whether it is started and not closed
 * @param partitions the partitions it holds, with their fencing tokens
 * @param published events acknowledged by the broker and marked
 * @param failedAttempts send attempts that failed and were counted against an event
 * @param deadLettered events this relay marked dead
 * @param unavailable batches that found the broker unavailable
 * @param batches batches sent
 * @param lastBatchSize rows in the latest batch
 * @param leaseChanges partitions acquired, released or lost
 * @param unmarked events sent whose marking was refused because the lease had moved (they will be
 *     sent again by the new owner)
 * @param pending unpublished, undead rows in the table at the last probe (at most {@code
 *     pendingCap}; {@code -1} before the first probe)
 * @param pendingCapped whether the count hit the cap
 * @param oldestPendingAge the age of the oldest unpublished row at the last probe, or zero
 * @param deadInTable dead rows in the table at the last probe
 * @param retryingInTable rows waiting to retry at the last probe
 * @param probedAt when the probe ran, or {@code null}
 */
public record RelayStatus(
    String instanceId,
    boolean running,
    SortedMap<Integer, Long> partitions,
    long published,
    long failedAttempts,
    long deadLettered,
    long unavailable,
    long batches,
    int lastBatchSize,
    long leaseChanges,
    long unmarked,
    long pending,
    boolean pendingCapped,
    Duration oldestPendingAge,
    long deadInTable,
    long retryingInTable,
    Instant probedAt) {}

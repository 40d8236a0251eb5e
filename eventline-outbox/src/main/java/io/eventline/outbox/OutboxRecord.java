package io.eventline.outbox;

import io.eventline.core.EventEnvelope;

/**
 * One outbox row on its way to a broker.
 *
 * @param position the row's position in the outbox table (not a delivery order across aggregates)
 * @param partition the outbox partition (a stable hash of the aggregate id), not a broker partition
 * @param topic where to publish: the row's topic, or its aggregate type when none was given
 * @param attempts how many earlier attempts failed
 * @param event the event; its payload is the JSON text of the row, as UTF-8 bytes
 */
public record OutboxRecord(
    long position, int partition, String topic, int attempts, EventEnvelope<byte[]> event) {}

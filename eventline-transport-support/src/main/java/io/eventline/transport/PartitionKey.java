package io.eventline.transport;

import java.nio.charset.StandardCharsets;

/**
 * The broker partition of an aggregate: FNV-1a (32 bit) of the aggregate id's UTF-8 bytes, modulo
 * the partition count. Stable across processes, versions and languages, so a producer and a
 * consumer written elsewhere agree on it. Changing the partition count moves aggregates between
 * partitions: drain the queues first, or accept that order is not kept across the change.
 */
public final class PartitionKey {
  private PartitionKey() {}

  /** The partition of {@code aggregateId} among {@code partitions}, in [0, partitions). */
  public static int of(String aggregateId, int partitions) {
    int hash = 0x811c9dc5;
    for (byte b : aggregateId.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Integer.remainderUnsigned(hash, partitions);
  }
}

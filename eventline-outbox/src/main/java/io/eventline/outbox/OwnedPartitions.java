package io.eventline.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The partitions this instance holds, with their fencing tokens. A worker locks the partitions of
 * its batch from claim to mark. To give a partition up, the lease keeper first marks it releasing
 * (workers stop claiming from it), then releases it in a later round once its lock is free, so a
 * voluntary release never cuts a batch in half and never makes the keeper wait.
 */
final class OwnedPartitions {
  private final Map<Integer, Long> tokens = new ConcurrentHashMap<>();
  private final java.util.Set<Integer> releasing = ConcurrentHashMap.newKeySet();
  private final ReentrantLock[] locks = new ReentrantLock[OutboxSql.PARTITIONS];

  OwnedPartitions() {
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The held partitions that worker {@code index} of {@code workers} serves, ascending. */
  List<Integer> servedBy(int index, int workers) {
    List<Integer> mine = new ArrayList<>();
    for (Integer partition : tokens.keySet()) {
      if (partition % workers == index && !releasing.contains(partition)) {
        mine.add(partition);
      }
    }
    Collections.sort(mine);
    return mine;
  }

  boolean holds(int partition) {
    return tokens.containsKey(partition);
  }

  /**
   * The fencing tokens of {@code partitions} as held now, indexed by partition number; -1 for a
   * partition not held (or not asked for). A batch's marks carry the tokens of its claim, so a
   * batch claimed under an earlier lease of the same partition cannot mark anything.
   */
  long[] tokens(List<Integer> partitions) {
    long[] held = new long[OutboxSql.PARTITIONS];
    java.util.Arrays.fill(held, -1);
    for (Integer partition : partitions) {
      Long token = tokens.get(partition);
      if (token != null) {
        held[partition] = token;
      }
    }
    return held;
  }

  /** The token held for {@code partition}, or -1. */
  long token(int partition) {
    Long token = tokens.get(partition);
    return token == null ? -1 : token;
  }

  int size() {
    return tokens.size();
  }

  void put(int partition, long token) {
    tokens.put(partition, token);
  }

  void remove(int partition) {
    tokens.remove(partition);
    releasing.remove(partition);
  }

  void clear() {
    tokens.clear();
    releasing.clear();
  }

  /** Workers stop claiming from {@code partition}; the keeper gives it up once it is idle. */
  void markReleasing(int partition) {
    releasing.add(partition);
  }

  java.util.Set<Integer> releasing() {
    return java.util.Set.copyOf(releasing);
  }

  SortedMap<Integer, Long> snapshot() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(tokens));
  }

  void lock(int partition) {
    locks[partition].lock();
  }

  boolean tryLock(int partition) {
    return locks[partition].tryLock();
  }

  void unlock(int partition) {
    locks[partition].unlock();
  }
}

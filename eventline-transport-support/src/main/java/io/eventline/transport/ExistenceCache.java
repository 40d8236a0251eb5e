package io.eventline.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers for a while whether a destination (exchange, stream, queue) exists, so a message for a
 * missing one fails at once instead of breaking a channel or waiting for a timeout. A missing
 * destination is asked about again after at most a second, so one created by an operator is noticed
 * quickly. When the broker cannot tell ({@code null} from the probe), nothing is cached.
 */
public final class ExistenceCache<T> {
  private final Function<String, T> probe;
  private final long ttlNanos;
  private final long missingTtlNanos;
  private final Map<String, Entry<T>> known = new ConcurrentHashMap<>();

  private record Entry<T>(T value, long checkedAt) {}

  /**
   * @param probe returns what is known about the destination (a URL, a flag), {@code null} when it
   *     does not exist, or throws when the broker cannot be asked
   */
  public ExistenceCache(Function<String, T> probe, Duration ttl) {
    this.probe = probe;
    this.ttlNanos = ttl.toNanos();
    this.missingTtlNanos = Math.min(ttlNanos, 1_000_000_000L);
  }

  /**
   * What the probe said about {@code name}, fresh or cached; {@code null} when it is missing.
   *
   * @throws RuntimeException whatever the probe threw
   */
  public T get(String name) {
    long now = System.nanoTime();
    Entry<T> entry = known.get(name);
    if (entry != null
        && now - entry.checkedAt < (entry.value != null ? ttlNanos : missingTtlNanos)) {
      return entry.value;
    }
    T value = probe.apply(name);
    known.put(name, new Entry<>(value, now));
    return value;
  }

  /** Forgets {@code name}, after a send found it missing or changed. */
  public void forget(String name) {
    known.remove(name);
  }
}

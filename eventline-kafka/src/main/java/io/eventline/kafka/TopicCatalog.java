package io.eventline.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Remembers which topics exist, for a short while, so a record for a missing topic fails at once
 * instead of blocking a relay worker while the producer waits for metadata. When the broker cannot
 * be asked, a topic counts as present and the send itself reports what happens.
 */
final class TopicCatalog implements AutoCloseable {
  private static final List<String> ADMIN_KEYS =
      List.of("security.protocol", "sasl.", "ssl.", "client.dns.lookup", "bootstrap.servers");

  private final Admin admin;
  private static final long UNKNOWN_TTL_NANOS = 1_000_000_000L;
  private final long ttlNanos;
  private final long missingTtlNanos;
  private final Map<String, Entry> known = new ConcurrentHashMap<>();

  private record Entry(boolean exists, long checkedAt) {}

  TopicCatalog(Map<String, Object> producerConfig, Duration ttl) {
    Properties config = new Properties();
    for (Map.Entry<String, Object> entry : producerConfig.entrySet()) {
      for (String prefix : ADMIN_KEYS) {
        if (entry.getKey().startsWith(prefix)) {
          config.put(entry.getKey(), entry.getValue());
        }
      }
    }
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    config.put(
        AdminClientConfig.CLIENT_ID_CONFIG,
        producerConfig.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "eventline-relay")
            + "-topics");
    this.admin = Admin.create(config);
    this.ttlNanos = ttl.toNanos();
    this.missingTtlNanos = Math.min(ttlNanos, 1_000_000_000L);
  }

  boolean isMissing(String topic) {
    long now = System.nanoTime();
    Entry entry = known.get(topic);
    if (entry != null && now - entry.checkedAt < (entry.exists ? ttlNanos : missingTtlNanos)) {
      return !entry.exists;
    }
    Boolean exists = ask(topic);
    if (exists == null) {
      // the broker could not be asked: let the send report what happens, and do not ask again for
      // a second, so a batch for an unreachable broker is not held up once per record
      known.put(topic, new Entry(true, now - ttlNanos + UNKNOWN_TTL_NANOS));
      return false;
    }
    known.put(topic, new Entry(exists, now));
    return !exists;
  }

  private Boolean ask(String topic) {
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      return e.getCause() instanceof UnknownTopicOrPartitionException ? Boolean.FALSE : null;
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}

package io.eventline.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics with replication factor 1 and waits until every partition has a leader. */
final class TopicSetup {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final int MAX_NAME_LENGTH = 249;
  private static final AtomicLong counter = new AtomicLong();

  private TopicSetup() {}

  static String freshName(String prefix) {
    String suffix =
        "-"
            + counter.incrementAndGet()
            + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
    if (prefix == null
        || !LEGAL.matcher(prefix).matches()
        || prefix.length() + suffix.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "topic prefix '"
              + prefix
              + "' must be 1 to 230 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
    }
    return prefix + suffix;
  }

  static void create(String bootstrapServers, String name, int partitions, Duration timeout) {
    if (name == null || !LEGAL.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "topic name '" + name + "' must be 1 to 249 characters of a-z, A-Z, 0-9, '.', '_', '-'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be at least 1, was " + partitions);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(adminConfig(bootstrapServers, timeout))) {
      try {
        admin
            .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw failure(name, bootstrapServers, e.getCause());
        }
      }
      awaitLeaders(admin, name, partitions, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw failure(name, bootstrapServers, e);
    }
  }

  private static void awaitLeaders(Admin admin, String name, int partitions, long deadline)
      throws InterruptedException, TimeoutException {
    while (true) {
      TopicDescription description = describe(admin, name);
      if (description != null) {
        if (description.partitions().size() != partitions) {
          throw new IllegalStateException(
              "topic "
                  + name
                  + " already exists with "
                  + description.partitions().size()
                  + " partitions, not "
                  + partitions
                  + "; pick another name or delete it first");
        }
        if (description.partitions().stream().allMatch(TopicSetup::hasLeader)) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions of topic " + name + " still have no leader");
      }
      Thread.sleep(20);
    }
  }

  private static TopicDescription describe(Admin admin, String name) throws InterruptedException {
    try {
      return admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new IllegalStateException("describing topic " + name + " failed: " + e.getCause(), e);
    }
  }

  private static boolean hasLeader(TopicPartitionInfo partition) {
    return partition.leader() != null && !partition.leader().isEmpty();
  }

  private static Map<String, Object> adminConfig(String bootstrapServers, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG,
        "eventline-testkit-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        millis,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(millis, 10_000));
  }

  private static IllegalStateException failure(String name, String servers, Throwable cause) {
    return new IllegalStateException(
        "creating topic " + name + " on " + servers + " failed: " + cause, cause);
  }
}

package io.eventline.spring;

import io.eventline.kafka.ConsumerStatus;
import io.eventline.kafka.KafkaInboxConsumer;
import io.eventline.outbox.RelayStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The "eventline" health: DOWN when this instance's relay is not running, when the outbox has more
 * dead events than {@code eventline.health.max-dead}, when its oldest unpublished event is older
 * than {@code eventline.health.max-oldest-pending-age}, when the relay holds fewer partitions than
 * {@code eventline.health.min-partitions}, or when a consumer stopped. Each reason is in the
 * details under {@code problems}.
 *
 * <p>Cheap: the figures come from the relay's periodic backlog probe ({@code
 * eventline.relay.probe-interval}) and the consumers' counters; a health check runs no query.
 * Before the first probe the backlog is unknown and does not count against the thresholds.
 */
final class EventlineHealthIndicator extends AbstractHealthIndicator {
  private final ObjectProvider<RelayLifecycle> relay;
  private final ObjectProvider<ConsumerLifecycle> consumers;
  private final EventlineProperties.Health thresholds;

  EventlineHealthIndicator(
      ObjectProvider<RelayLifecycle> relay,
      ObjectProvider<ConsumerLifecycle> consumers,
      EventlineProperties.Health thresholds) {
    super("Eventline health check failed");
    this.relay = relay;
    this.consumers = consumers;
    this.thresholds = thresholds;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<String> problems = new ArrayList<>();
    RelayLifecycle lifecycle = relay.getIfAvailable();
    if (lifecycle != null) {
      RelayStatus status = lifecycle.relay().status();
      builder.withDetail("relay", relayDetails(status));
      checkRelay(status, problems);
    }
    ConsumerLifecycle running = consumers.getIfAvailable();
    if (running != null && running.isRunning()) {
      Map<String, Object> details = new LinkedHashMap<>();
      for (KafkaInboxConsumer consumer : running.consumers()) {
        ConsumerStatus status = consumer.status();
        details.put(consumer.consumer(), consumerDetails(status));
        if (!status.running()) {
          problems.add("consumer " + status.consumer() + " is not running");
        }
      }
      builder.withDetail("consumers", details);
    }
    if (problems.isEmpty()) {
      builder.up();
    } else {
      builder.down().withDetail("problems", problems);
    }
  }

  private void checkRelay(RelayStatus status, List<String> problems) {
    if (!status.running()) {
      problems.add("relay " + status.instanceId() + " is not running");
      return;
    }
    if (status.partitions().size() < thresholds.getMinPartitions()) {
      problems.add(
          "relay holds "
              + status.partitions().size()
              + " partitions, fewer than eventline.health.min-partitions="
              + thresholds.getMinPartitions());
    }
    if (status.probedAt() == null) {
      return;
    }
    if (status.deadInTable() > thresholds.getMaxDead()) {
      problems.add(
          status.deadInTable()
              + " dead outbox events, more than eventline.health.max-dead="
              + thresholds.getMaxDead()
              + "; each freezes its aggregate: see 'eventline outbox dead', then retry or skip");
    }
    Duration oldest = status.oldestPendingAge();
    if (oldest.compareTo(thresholds.getMaxOldestPendingAge()) > 0) {
      problems.add(
          "the oldest unpublished outbox event is "
              + oldest
              + " old, more than eventline.health.max-oldest-pending-age="
              + thresholds.getMaxOldestPendingAge());
    }
  }

  private static Map<String, Object> relayDetails(RelayStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("instance", status.instanceId());
    details.put("running", status.running());
    details.put("partitions", status.partitions().size());
    details.put("pending", status.pending());
    details.put("oldestPendingAge", status.oldestPendingAge().toString());
    details.put("dead", status.deadInTable());
    details.put("retrying", status.retryingInTable());
    details.put("published", status.published());
    details.put("probedAt", String.valueOf(status.probedAt()));
    return details;
  }

  private static Map<String, Object> consumerDetails(ConsumerStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("group", status.groupId());
    details.put("running", status.running());
    details.put("partitions", status.partitions().size());
    details.put("lag", status.lag());
    details.put("processed", status.processed());
    details.put("duplicates", status.duplicates());
    details.put("deadLettered", status.deadLettered());
    return details;
  }
}

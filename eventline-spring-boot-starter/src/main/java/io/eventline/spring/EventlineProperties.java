package io.eventline.spring;

import io.eventline.core.EventTypeRule;
import io.eventline.inbox.Inbox;
import io.eventline.outbox.OutboxRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Eventline's settings under {@code eventline.*}. Bound and validated at startup: a bad value stops
 * the application with a message that names the property, the value and the allowed range. No value
 * is clamped.
 */
@ConfigurationProperties("eventline")
public class EventlineProperties implements Validator {

  /**
   * The CloudEvents source of every event the relay publishes. Default: "/" followed by
   * spring.application.name, or "/eventline".
   */
  private String source;

  /**
   * What to do with an event type that is not "<aggregate>.<past-tense verb>": REJECT throws, WARN
   * logs once per name and accepts it.
   */
  private EventTypeRule.Strictness naming = EventTypeRule.Strictness.REJECT;

  private final Schema schema = new Schema();
  private final Kafka kafka = new Kafka();
  private final Relay relay = new Relay();
  private final InboxSettings inbox = new InboxSettings();

  /** Per-consumer settings of the @EventlineHandler consumers, by consumer name. */
  private final Map<String, Consumer> consumers = new LinkedHashMap<>();

  private final Health health = new Health();

  private final EventStoreSettings eventStore = new EventStoreSettings();

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public EventTypeRule.Strictness getNaming() {
    return naming;
  }

  public void setNaming(EventTypeRule.Strictness naming) {
    this.naming = naming;
  }

  public Schema getSchema() {
    return schema;
  }

  public Kafka getKafka() {
    return kafka;
  }

  public Relay getRelay() {
    return relay;
  }

  public InboxSettings getInbox() {
    return inbox;
  }

  public Map<String, Consumer> getConsumers() {
    return consumers;
  }

  public EventStoreSettings getEventStore() {
    return eventStore;
  }

  public Health getHealth() {
    return health;
  }

  @Override
  public boolean supports(Class<?> type) {
    return EventlineProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    Checks checks = new Checks(errors);
    if (source != null && source.isBlank()) {
      checks.reject("source", source, "may not be blank");
    }
    relay.validate(checks);
    inbox.validate(checks);
    consumers.forEach((name, consumer) -> consumer.validate(name, checks));
    health.validate(checks);
  }

  /** When Eventline creates and upgrades its tables. */
  public enum SchemaMode {
    /** Only on an embedded (in-memory) database, like spring.sql.init.mode=embedded. */
    EMBEDDED,
    /** On every start: idempotent, under a database lock, refuses a newer schema. */
    ALWAYS,
    /** Never: take the DDL from SchemaMigrator.script(..) or 'eventline migrate --print-sql'. */
    NEVER
  }

  /** The event store, when {@code eventline-eventstore} is on the class path. */
  public static class EventStoreSettings {
    /** Whether to create the EventStore and EventStoreWriter beans. */
    private boolean enabled = true;

    /**
     * Whether every appended event is also written to the outbox, in the append's transaction, for
     * the relay to publish (topic: the aggregate type).
     */
    private boolean publishToOutbox = false;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isPublishToOutbox() {
      return publishToOutbox;
    }

    public void setPublishToOutbox(boolean publishToOutbox) {
      this.publishToOutbox = publishToOutbox;
    }
  }

  /** Eventline's tables. */
  public static class Schema {
    /**
     * When to create or upgrade the Eventline tables: EMBEDDED (default: in-memory databases only),
     * ALWAYS or NEVER. With NEVER, the relay refuses to start on missing tables.
     */
    private SchemaMode mode = SchemaMode.EMBEDDED;

    public SchemaMode getMode() {
      return mode;
    }

    public void setMode(SchemaMode mode) {
      this.mode = mode;
    }
  }

  /** The Kafka clients of the relay and the consumers. */
  public static class Kafka {
    /** Kafka bootstrap servers. Default: spring.kafka.bootstrap-servers, else localhost:9092. */
    private List<String> bootstrapServers = new ArrayList<>();

    /**
     * Client properties for both the producer and the consumers (security.protocol, sasl.*, ssl.*),
     * added to spring.kafka.properties.
     */
    private final Map<String, String> properties = new LinkedHashMap<>();

    /** Properties of the relay's producer only (compression.type, linger.ms, ...). */
    private final Map<String, String> producerProperties = new LinkedHashMap<>();

    /** Properties of the consumers only (max.poll.records, auto.offset.reset, ...). */
    private final Map<String, String> consumerProperties = new LinkedHashMap<>();

    /** Whether the relay checks that a topic exists before sending to it. */
    private boolean checkTopics = true;

    public List<String> getBootstrapServers() {
      return bootstrapServers;
    }

    public void setBootstrapServers(List<String> bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    public Map<String, String> getProperties() {
      return properties;
    }

    public Map<String, String> getProducerProperties() {
      return producerProperties;
    }

    public Map<String, String> getConsumerProperties() {
      return consumerProperties;
    }

    public boolean isCheckTopics() {
      return checkTopics;
    }

    public void setCheckTopics(boolean checkTopics) {
      this.checkTopics = checkTopics;
    }
  }

  /** The outbox relay of this instance. */
  public static class Relay {
    /** Whether this instance runs a relay. Turn it off on instances that only write events. */
    private boolean enabled = true;

    /** The relay's name in leases and logs. Default: pid@host and a random suffix. */
    private String instanceId;

    /** Worker threads claiming and sending, each for its own partitions; 1 to 32. */
    private int workers = 4;

    /** Rows claimed per batch; 1 to 10000. */
    private int batchSize = 500;

    /** Failed attempts after which an event is dead; 1 to 1000. */
    private int maxAttempts = 10;

    /** How long published rows are kept (for the timeline and audits); 0 deletes on publish. */
    private Duration retention = Duration.ofDays(7);

    /** How long a partition lease lasts without renewal; 300ms to 10m. */
    private Duration leaseTtl = Duration.ofSeconds(10);

    /**
     * The fallback poll when no notification arrives. Default 1s on PostgreSQL (woken by NOTIFY),
     * 100ms elsewhere.
     */
    private Duration pollInterval;

    /**
     * PostgreSQL only: events per second per relay worker above which the worker polls instead of
     * having its writers NOTIFY it (NOTIFY commits are serialized cluster-wide). Default 200;
     * 2147483647 keeps every writer notifying.
     */
    private int pollingAbove = OutboxRelay.Builder.DEFAULT_POLLING_ABOVE;

    /**
     * PostgreSQL only: how long a busy relay worker whose claim came back short waits before it
     * claims again, so that rows gather into larger batches (at most this much latency added).
     * Default 5ms; 0 claims again at once.
     */
    private Duration busyLinger = OutboxRelay.Builder.DEFAULT_BUSY_LINGER;

    /**
     * How long stopping waits for batches in flight; keep it below
     * spring.lifecycle.timeout-per-shutdown-phase (30s by default).
     */
    private Duration shutdownTimeout = Duration.ofSeconds(20);

    /** How often the backlog (pending, dead, oldest age) is measured for metrics and health. */
    private Duration probeInterval = Duration.ofSeconds(5);

    void validate(Checks checks) {
      checks.range("relay.workers", workers, 1, 32);
      checks.range("relay.batch-size", batchSize, 1, 10_000);
      checks.range("relay.max-attempts", maxAttempts, 1, 1_000);
      checks.duration("relay.retention", retention, Duration.ZERO, null);
      checks.duration("relay.lease-ttl", leaseTtl, Duration.ofMillis(300), Duration.ofMinutes(10));
      if (pollInterval != null) {
        checks.duration(
            "relay.poll-interval", pollInterval, Duration.ofMillis(1), Duration.ofMinutes(5));
      }
      checks.range("relay.polling-above", pollingAbove, 0, Integer.MAX_VALUE);
      checks.duration("relay.busy-linger", busyLinger, Duration.ZERO, Duration.ofSeconds(1));
      checks.duration(
          "relay.shutdown-timeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
      checks.duration(
          "relay.probe-interval", probeInterval, Duration.ofMillis(100), Duration.ofHours(1));
      if (instanceId != null && (instanceId.isBlank() || instanceId.length() > 200)) {
        checks.reject("relay.instance-id", instanceId, "must be 1 to 200 characters");
      }
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getInstanceId() {
      return instanceId;
    }

    public void setInstanceId(String instanceId) {
      this.instanceId = instanceId;
    }

    public int getWorkers() {
      return workers;
    }

    public void setWorkers(int workers) {
      this.workers = workers;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getRetention() {
      return retention;
    }

    public void setRetention(Duration retention) {
      this.retention = retention;
    }

    public Duration getLeaseTtl() {
      return leaseTtl;
    }

    public void setLeaseTtl(Duration leaseTtl) {
      this.leaseTtl = leaseTtl;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public int getPollingAbove() {
      return pollingAbove;
    }

    public void setPollingAbove(int pollingAbove) {
      this.pollingAbove = pollingAbove;
    }

    public Duration getBusyLinger() {
      return busyLinger;
    }

    public void setBusyLinger(Duration busyLinger) {
      this.busyLinger = busyLinger;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getProbeInterval() {
      return probeInterval;
    }

    public void setProbeInterval(Duration probeInterval) {
      this.probeInterval = probeInterval;
    }
  }

  /** The inbox behind every @EventlineHandler consumer. */
  public static class InboxSettings {
    /** Whether this instance runs the @EventlineHandler consumers. */
    private boolean enabled = true;

    /** Attempts per event before it is dead-lettered; 1 to 1000. */
    private int maxAttempts = 5;

    /** How long processed marks are kept; must be longer than longest-redelivery. */
    private Duration dedupeWindow = Duration.ofDays(14);

    /**
     * The longest time after the first delivery that Kafka may deliver an event again: the topics'
     * retention.
     */
    private Duration longestRedelivery = Duration.ofDays(7);

    /** Partitions processed at once per consumer; 1 to 256. */
    private int threads = 4;

    /**
     * How long stopping waits for the record in flight on each partition; keep it below
     * spring.lifecycle.timeout-per-shutdown-phase.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(20);

    /** How often settled offsets are committed. */
    private Duration commitInterval = Duration.ofMillis(200);

    void validate(Checks checks) {
      checks.range("inbox.max-attempts", maxAttempts, 1, 1_000);
      checks.range("inbox.threads", threads, 1, 256);
      checks.duration("inbox.dedupe-window", dedupeWindow, Duration.ofMillis(1), null);
      checks.duration("inbox.longest-redelivery", longestRedelivery, Duration.ofMillis(1), null);
      if (dedupeWindow != null
          && longestRedelivery != null
          && dedupeWindow.compareTo(longestRedelivery) <= 0) {
        checks.reject(
            "inbox.dedupe-window",
            dedupeWindow,
            "must be longer than eventline.inbox.longest-redelivery ("
                + longestRedelivery
                + "): a redelivery that arrives after its mark was purged runs the handler again");
      }
      checks.duration(
          "inbox.shutdown-timeout", shutdownTimeout, Duration.ZERO, Duration.ofMinutes(4));
      checks.duration(
          "inbox.commit-interval", commitInterval, Duration.ZERO, Duration.ofMinutes(1));
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getDedupeWindow() {
      return dedupeWindow;
    }

    public void setDedupeWindow(Duration dedupeWindow) {
      this.dedupeWindow = dedupeWindow;
    }

    public Duration getLongestRedelivery() {
      return longestRedelivery;
    }

    public void setLongestRedelivery(Duration longestRedelivery) {
      this.longestRedelivery = longestRedelivery;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }

    public Duration getShutdownTimeout() {
      return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getCommitInterval() {
      return commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
      this.commitInterval = commitInterval;
    }
  }

  /** One @EventlineHandler consumer. */
  public static class Consumer {
    /** Whether this instance runs this consumer (eventline.inbox.enabled must be true too). */
    private boolean enabled = true;

    /** The Kafka consumer group. Default: the consumer name. */
    private String groupId;

    /** Partitions processed at once; default eventline.inbox.threads. */
    private Integer threads;

    /** Records handled per transaction; 1 to 1000. */
    private int batchSize = 1;

    /** A topic that receives every dead-lettered record besides the table; it must exist. */
    private String deadLetterTopic;

    void validate(String name, Checks checks) {
      String prefix = "consumers." + name;
      try {
        Inbox.requireConsumerName(name);
      } catch (IllegalArgumentException e) {
        checks.reject(prefix, name, e.getMessage());
      }
      if (threads != null) {
        checks.range(prefix + ".threads", threads, 1, 256);
      }
      checks.range(prefix + ".batch-size", batchSize, 1, 1_000);
      if (groupId != null && groupId.isBlank()) {
        checks.reject(prefix + ".group-id", groupId, "may not be blank");
      }
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getGroupId() {
      return groupId;
    }

    public void setGroupId(String groupId) {
      this.groupId = groupId;
    }

    public Integer getThreads() {
      return threads;
    }

    public void setThreads(Integer threads) {
      this.threads = threads;
    }

    public int getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(int batchSize) {
      this.batchSize = batchSize;
    }

    public String getDeadLetterTopic() {
      return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
      this.deadLetterTopic = deadLetterTopic;
    }
  }

  /** The thresholds of the "eventline" health indicator. */
  public static class Health {
    /**
     * Dead outbox events tolerated before the health is DOWN; a dead event freezes its aggregate.
     */
    private long maxDead = 0;

    /** The oldest unpublished outbox event may be at most this old, or the health is DOWN. */
    private Duration maxOldestPendingAge = Duration.ofMinutes(5);

    /** Partitions this instance's relay must hold, or the health is DOWN; 0 to 32. */
    private int minPartitions = 0;

    void validate(Checks checks) {
      if (maxDead < 0) {
        checks.reject("health.max-dead", maxDead, "must be >= 0");
      }
      checks.duration("health.max-oldest-pending-age", maxOldestPendingAge, Duration.ZERO, null);
      checks.range("health.min-partitions", minPartitions, 0, 32);
    }

    public long getMaxDead() {
      return maxDead;
    }

    public void setMaxDead(long maxDead) {
      this.maxDead = maxDead;
    }

    public Duration getMaxOldestPendingAge() {
      return maxOldestPendingAge;
    }

    public void setMaxOldestPendingAge(Duration maxOldestPendingAge) {
      this.maxOldestPendingAge = maxOldestPendingAge;
    }

    public int getMinPartitions() {
      return minPartitions;
    }

    public void setMinPartitions(int minPartitions) {
      this.minPartitions = minPartitions;
    }
  }

  /** Records problems as field errors, each naming the full property and the refused value. */
  static final class Checks {
    private final Errors errors;

    Checks(Errors errors) {
      this.errors = errors;
    }

    void reject(String property, Object value, String reason) {
      String name = "eventline." + property;
      errors.reject("eventline.invalid", name + " " + reason + " but was " + value);
    }

    void range(String property, long value, long min, long max) {
      if (value < min || value > max) {
        reject(property, value, "must be in [" + min + ", " + max + "]");
      }
    }

    void duration(String property, Duration value, Duration min, Duration max) {
      if (value == null || value.compareTo(min) < 0 || (max != null && value.compareTo(max) > 0)) {
        reject(
            property, value, "must be in [" + min + ", " + (max == null ? "unbounded" : max) + "]");
      }
    }
  }
}

package io.eventline.kafka;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.inbox.InboxResult;
import io.eventline.inbox.MalformedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record: decode it, hand it to the inbox, and on failure decide between a retry
 * later and the dead letters. Each call does one step and says when the next one is due; the worker
 * owns the waiting, so a record that waits holds no thread.
 */
final class RecordSteps {
  static final long SETTLED = -1;
  private static final Logger log = LoggerFactory.getLogger(KafkaInboxConsumer.class);
  private static final long MAX_DEAD_LETTER_WAIT_MILLIS = 30_000;

  private final Inbox inbox;
  private final String consumer;
  private final InboxHandler<byte[]> handler;
  private final DeadLetterTopic deadLetterTopic;
  private final RunnerCounters counters;
  private final TestHooks hooks;
  private final RandomGenerator random = new java.util.SplittableRandom();

  RecordSteps(
      Inbox inbox,
      String consumer,
      InboxHandler<byte[]> handler,
      DeadLetterTopic deadLetterTopic,
      RunnerCounters counters,
      TestHooks hooks) {
    this.inbox = inbox;
    this.consumer = consumer;
    this.handler = handler;
    this.deadLetterTopic = deadLetterTopic;
    this.counters = counters;
    this.hooks = hooks;
  }

  /** A record at the head of its partition, with what was tried so far. */
  static final class Pending {
    final ConsumerRecord<byte[], byte[]> record;
    private EventEnvelope<byte[]> event;
    private String malformed;
    int attempts;
    private Throwable lastError;
    private boolean givingUp;
    private boolean onDeadLetterTopic;
    private int deadLetterTries;

    Pending(ConsumerRecord<byte[], byte[]> record) {
      this.record = record;
    }
  }

  /** One step at the record; {@link #SETTLED}, or the milliseconds before the next step. */
  long step(Pending pending) {
    if (pending.event == null && pending.malformed == null) {
      decode(pending);
    }
    if (pending.malformed != null) {
      return deadLetterMalformed(pending);
    }
    if (!pending.givingUp) {
      InboxResult result = inbox.handle(consumer, pending.event, handler);
      counters.count(result);
      if (result.isSettled()) {
        hooks.afterSettled(pending.record, result);
        return SETTLED;
      }
      pending.attempts++;
      pending.lastError = result.error();
      if (!result.isPermanentFailure() && pending.attempts < inbox.maxAttempts()) {
        long wait = inbox.backoff().delayMillis(pending.attempts, random);
        log.warn(
            "consumer {}: attempt {} of {} at event {} ({}) failed, retrying in {} ms while {}"
                + " waits: {}",
            consumer,
            pending.attempts,
            inbox.maxAttempts(),
            pending.event.eventId(),
            Sources.of(pending.record),
            wait,
            partition(pending.record),
            summary(result.error()));
        return wait;
      }
      pending.givingUp = true;
    }
    return deadLetterEvent(pending);
  }

  /**
   * The records of a batch in one transaction; malformed ones are dead-lettered on their own first.
   * Returns false when the batch must be retried record by record.
   */
  boolean batch(List<ConsumerRecord<byte[], byte[]>> records) {
    List<EventEnvelope<byte[]>> events = new ArrayList<>(records.size());
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Pending pending = new Pending(record);
      decode(pending);
      if (pending.malformed == null) {
        events.add(pending.event);
      } else if (deadLetterMalformed(pending) != SETTLED) {
        return false;
      }
    }
    if (events.isEmpty()) {
      return true;
    }
    List<InboxResult> results = inbox.handleBatch(consumer, events, handler);
    if (!results.get(0).isSettled()) {
      counters.failedAttempts.increment();
      log.debug(
          "consumer {}: a batch of {} records on {} rolled back, retrying them one by one: {}",
          consumer,
          events.size(),
          partition(records.get(0)),
          summary(results.get(0).error()));
      return false;
    }
    results.forEach(counters::count);
    hooks.afterSettled(records.get(records.size() - 1), results.get(results.size() - 1));
    return true;
  }

  private void decode(Pending pending) {
    try {
      pending.event = CloudEventsKafka.decode(pending.record);
    } catch (InvalidCloudEventException e) {
      pending.malformed = e.getMessage();
    }
  }

  private long deadLetterEvent(Pending pending) {
    String reason = summary(pending.lastError);
    if (!publishToTopic(pending, reason)) {
      return deadLetterWait(pending);
    }
    InboxResult result =
        inbox.deadLetter(
            consumer,
            pending.event,
            pending.lastError,
            pending.attempts,
            Sources.of(pending.record));
    if (result.isSettled()) {
      counters.count(result);
      hooks.afterSettled(pending.record, result);
      return SETTLED;
    }
    return deadLetterWait(pending);
  }

  private long deadLetterMalformed(Pending pending) {
    if (!publishToTopic(pending, pending.malformed)) {
      return deadLetterWait(pending);
    }
    ConsumerRecord<byte[], byte[]> record = pending.record;
    InboxResult result =
        inbox.deadLetter(
            consumer,
            new MalformedRecord(
                Sources.of(record),
                record.key(),
                record.value(),
                headers(record),
                pending.malformed));
    if (result.isSettled()) {
      if (result.outcome() == InboxResult.Outcome.DEAD_LETTERED) {
        counters.deadLettered.increment();
        counters.malformed.increment();
      }
      return SETTLED;
    }
    return deadLetterWait(pending);
  }

  private boolean publishToTopic(Pending pending, String reason) {
    if (deadLetterTopic == null || pending.onDeadLetterTopic) {
      return true;
    }
    try {
      deadLetterTopic.publish(pending.record, reason, pending.attempts);
      pending.onDeadLetterTopic = true;
      counters.deadLetterTopic.increment();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      log.error(
          "consumer {} could not publish {} to its dead-letter topic: {}; {} waits and it is"
              + " tried again",
          consumer,
          Sources.of(pending.record),
          summary(e),
          partition(pending.record));
      return false;
    }
  }

  private long deadLetterWait(Pending pending) {
    pending.deadLetterTries++;
    return Math.min(
        MAX_DEAD_LETTER_WAIT_MILLIS, inbox.backoff().delayMillis(pending.deadLetterTries, random));
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      if (header.key() != null && headers.size() < 64) {
        headers.put(
            header.key(),
            header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return headers;
  }

  static String partition(ConsumerRecord<?, ?> record) {
    return "partition " + record.topic() + "-" + record.partition();
  }

  static String summary(Throwable error) {
    if (error == null) {
      return "no error";
    }
    Throwable root = error;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 8; depth++) {
      root = root.getCause();
    }
    return root == error ? error.toString() : error + " (caused by " + root + ")";
  }
}

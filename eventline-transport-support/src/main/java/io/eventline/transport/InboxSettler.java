package io.eventline.transport;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.inbox.InboxResult;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles one delivery through the {@link Inbox}, the way every Eventline consumer runner does:
 * decode it, handle it (mark and handler writes in one transaction), retry a failure in place after
 * the inbox's backoff so the messages behind it keep their order, and dead-letter it after the
 * inbox's {@link Inbox#maxAttempts()} attempts, at once for a permanent failure, or at once with
 * the reason when it is not a readable event. The caller acknowledges the message to the broker
 * only when {@link #settle} returned true, so an acknowledgement always follows the database
 * commit.
 *
 * <p>Thread-safe; each call blocks its thread while it waits between attempts. When the database
 * cannot take even the dead letter, it keeps trying (backoff capped at 30 s) until it is stopped:
 * nothing is acknowledged that is not in the database.
 */
public final class InboxSettler {
  private static final long MAX_DEAD_LETTER_WAIT_MILLIS = 30_000;
  private static final long SLICE_MILLIS = 50;

  private final Inbox inbox;
  private final String consumer;
  private final InboxHandler<byte[]> handler;
  private final Logger log;
  private final RandomGenerator random = new java.util.SplittableRandom();
  private final LongAdder processed = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder failedAttempts = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder parked = new LongAdder();

  /**
   * @param logger the runner's logger, so log lines come from the transport's consumer
   */
  public InboxSettler(Inbox inbox, String consumer, InboxHandler<byte[]> handler, String logger) {
    this.inbox = inbox;
    this.consumer = consumer;
    this.handler = handler;
    this.log = LoggerFactory.getLogger(logger);
  }

  /**
   * Settles {@code delivery}: processed, a duplicate, parked or dead-lettered.
   *
   * @param stopping polled while waiting; when it turns true the wait ends
   * @return true when the message may be acknowledged; false when the runner stopped (or the thread
   *     was interrupted, whose flag is restored) before it settled: do not acknowledge it, the
   *     broker redelivers it to the next owner
   */
  public boolean settle(Delivery delivery, BooleanSupplier stopping) {
    EventEnvelope<byte[]> event;
    try {
      event = delivery.event();
    } catch (InvalidEventException e) {
      return deadLetterMalformed(delivery, e.getMessage(), stopping);
    } catch (RuntimeException e) {
      return deadLetterMalformed(
          delivery, "not a valid Eventline CloudEvent: it could not be decoded: " + e, stopping);
    }
    int attempts = 0;
    Throwable lastError;
    while (true) {
      InboxResult result = inbox.handle(consumer, event, handler);
      count(result);
      if (result.isSettled()) {
        return true;
      }
      attempts++;
      lastError = result.error();
      if (result.isPermanentFailure() || attempts >= inbox.maxAttempts()) {
        break;
      }
      long wait = inbox.backoff().delayMillis(attempts, random);
      log.warn(
          "consumer {}: attempt {} of {} at event {} ({}) failed, retrying in {} ms while the"
              + " messages behind it wait: {}",
          consumer,
          attempts,
          inbox.maxAttempts(),
          event.eventId(),
          delivery.source(),
          wait,
          summary(lastError));
      if (!sleep(wait, stopping)) {
        return false;
      }
      delivery.stillWorking();
    }
    for (int tries = 1; ; tries++) {
      InboxResult result =
          inbox.deadLetter(consumer, event, lastError, attempts, delivery.source());
      if (result.isSettled()) {
        count(result);
        return true;
      }
      log.error(
          "consumer {}: cannot dead-letter event {} ({}): {}; retrying",
          consumer,
          event.eventId(),
          delivery.source(),
          summary(result.error()));
      if (!sleep(deadLetterWait(tries), stopping)) {
        return false;
      }
      delivery.stillWorking();
    }
  }

  private boolean deadLetterMalformed(Delivery delivery, String reason, BooleanSupplier stopping) {
    for (int tries = 1; ; tries++) {
      InboxResult result = inbox.deadLetter(consumer, delivery.malformed(reason));
      if (result.isSettled()) {
        if (result.outcome() == InboxResult.Outcome.DEAD_LETTERED) {
          deadLettered.increment();
          malformed.increment();
          log.warn(
              "consumer {}: {} is not a readable event, dead-lettered: {}",
              consumer,
              delivery.source(),
              reason);
        }
        return true;
      }
      log.error(
          "consumer {}: cannot dead-letter the malformed message {}: {}; retrying",
          consumer,
          delivery.source(),
          summary(result.error()));
      if (!sleep(deadLetterWait(tries), stopping)) {
        return false;
      }
      delivery.stillWorking();
    }
  }

  private void count(InboxResult result) {
    switch (result.outcome()) {
      case PROCESSED -> processed.increment();
      case DUPLICATE -> duplicates.increment();
      case PARKED -> parked.increment();
      case DEAD_LETTERED -> deadLettered.increment();
      case FAILED -> failedAttempts.increment();
    }
  }

  private long deadLetterWait(int tries) {
    return Math.min(MAX_DEAD_LETTER_WAIT_MILLIS, inbox.backoff().delayMillis(tries, random));
  }

  /** Sleeps in short slices; false when stopped or interrupted (the flag is restored). */
  private static boolean sleep(long millis, BooleanSupplier stopping) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    try {
      while (!stopping.getAsBoolean()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return true;
        }
        Thread.sleep(Math.min(left, SLICE_MILLIS));
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The counters so far. */
  public InboxConsumerStatus status(boolean running) {
    return new InboxConsumerStatus(
        consumer,
        running,
        processed.sum(),
        duplicates.sum(),
        failedAttempts.sum(),
        deadLettered.sum(),
        malformed.sum(),
        parked.sum());
  }

  /** The error and its root cause, in one line. */
  public static String summary(Throwable error) {
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

package io.eventline.outbox;

import java.util.concurrent.CompletableFuture;

/**
 * Where the relay publishes: Kafka, RabbitMQ, NATS, SQS. One method does the work; the others let
 * the relay tell an event that can never be sent from a broker that is down.
 *
 * <p>Contract: {@link #send} must not block for long (a bounded wait for buffer space is fine) and
 * returns a future that completes normally only once the broker has durably accepted the record
 * (for Kafka: acknowledged by all in-sync replicas). The relay sends a batch, waits for every
 * future, and only then marks the rows published, so a crash in between causes a re-send, never a
 * loss. Records of one aggregate are passed in order; the transport must not reorder records with
 * the same key (Kafka: idempotent producer with at most 5 requests in flight).
 *
 * <p>Implementations must be thread-safe: several relay workers send concurrently.
 */
public interface OutboxTransport extends AutoCloseable {

  /** A short name for logs and metrics, such as {@code kafka}. */
  String name();

  /**
   * Checks a record before it is sent. Returns {@code null} when it can be sent, else the reason it
   * never can (too large for the broker, an invalid destination): the relay then marks it dead at
   * once, with that reason, without sending it or anything after it of the same aggregate.
   */
  default String reject(OutboxRecord record) {
    return null;
  }

  /** Sends one record; the future completes when the broker acknowledged it. */
  CompletableFuture<Void> send(OutboxRecord record);

  /** What a send failure means for the event. Default: {@link FailureKind#RETRIABLE}. */
  default FailureKind classify(Throwable failure) {
    return FailureKind.RETRIABLE;
  }

  /** Releases connections; records not yet acknowledged may be abandoned. */
  @Override
  default void close() {}

  /** Kinds of send failure. */
  enum FailureKind {
    /**
     * The broker cannot be reached or is not accepting writes. Not the event's fault: the attempt
     * is not counted, the relay backs off and sends the same rows again.
     */
    UNAVAILABLE,
    /** This event failed and may succeed later: counted as an attempt, retried with backoff. */
    RETRIABLE,
    /** This event can never be sent as it is: it goes dead at once, with the reason. */
    PERMANENT
  }
}

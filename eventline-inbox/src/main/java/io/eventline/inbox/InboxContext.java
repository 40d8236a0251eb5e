package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.sql.Connection;

/**
 * What a handler gets besides the event: the transaction's connection, and a way to emit follow-up
 * events into the consumer's own outbox in the same transaction.
 *
 * <p>A follow-up event commits exactly when the incoming event's mark commits, so a consumer that
 * reacts with an event is exactly-once end to end: the relay publishes the follow-up at least once,
 * and the next consumer's inbox drops the redeliveries. Valid only during the handler call.
 */
public interface InboxContext {

  /** The consumer name the event is handled for. */
  String consumer();

  /**
   * The connection of the transaction that holds the mark. Do not commit, roll back or close it.
   */
  Connection connection();

  /** The event being handled. */
  EventEnvelope<?> incoming();

  /** Which attempt this is, from 1; above 1 when earlier attempts failed and rolled back. */
  int attempt();

  /**
   * A factory for follow-up events: they take the incoming event's correlation id and trace
   * context, and its event id as their causation id.
   */
  EventFactory events();

  /**
   * Appends {@code event} to the consumer's outbox on this transaction, linked to the incoming
   * event (its correlation id, and the incoming event id as causation id), to the topic of its
   * aggregate type.
   */
  void emit(EventEnvelope<?> event);

  /** Like {@link #emit(EventEnvelope)}, to {@code topic}. */
  void emit(String topic, EventEnvelope<?> event);
}

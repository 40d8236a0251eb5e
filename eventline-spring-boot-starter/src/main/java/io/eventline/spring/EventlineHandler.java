package io.eventline.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as an idempotent consumer of Kafka events: each event's database side effects
 * happen exactly once, however often Kafka delivers it.
 *
 * <pre>{@code
 * @EventlineHandler(topic = "order", consumer = "payments", eventType = "order.placed")
 * void charge(OrderPlaced order, EventEnvelope<OrderPlaced> event, InboxContext inbox) {
 *   jdbc.update("INSERT INTO payment ...");           // same transaction as the inbox mark
 *   outbox.append(events.event("payment.processed", ...)); // and as this follow-up event
 * }
 * }</pre>
 *
 * <p><b>Parameters</b>, in any order, each at most once: the payload (decoded from JSON into the
 * parameter's type), {@code EventEnvelope<T>} (the event with its payload decoded into {@code T};
 * with no type argument the payload is the raw {@code byte[]}), and {@code InboxContext}.
 *
 * <p><b>Transactions.</b> The method runs inside a Spring-managed transaction that holds the inbox
 * mark {@code (consumer, event id)}: JdbcTemplate, JPA repositories and {@link OutboxWriter} in the
 * method join it, and everything commits together with the mark, or rolls back together. A
 * redelivered event finds its mark and the method does not run.
 *
 * <p><b>Failures.</b> Throw to fail the attempt: the transaction rolls back and the event is
 * retried in place (keeping the key's order), then dead-lettered after {@code
 * eventline.inbox.max-attempts}. Throw {@code RejectedEventException} to dead-letter at once.
 *
 * <p><b>Consumers.</b> Every method with the same {@link #consumer()} shares one Kafka consumer
 * group (the consumer name, unless {@code eventline.consumers.<name>.group-id} says otherwise) and
 * one inbox; they must name the same topics. An event runs every method of its consumer whose
 * {@link #eventType()} matches, in one transaction; an event that none matches is marked and
 * skipped.
 *
 * <p><b>Not covered.</b> Effects outside the database (HTTP calls, e-mail) run again when an
 * attempt rolls back: emit an event to the outbox and act on it elsewhere.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EventlineHandler {

  /** The topics to consume; {@code ${...}} placeholders are resolved. */
  String[] topic();

  /**
   * The inbox consumer name: the key of its processed marks and, by default, its Kafka consumer
   * group. 1 to 100 letters, digits, '.', '_' or '-'.
   */
  String consumer();

  /** The event types this method receives; empty for every event of the topics. */
  String[] eventType() default {};
}

package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import java.util.List;

/**
 * Writes events into the outbox inside the current Spring-managed transaction: the rows commit or
 * roll back with everything else that transaction wrote, whether through JdbcTemplate, JPA or
 * Hibernate, as long as the transaction manager manages the application's {@code DataSource}
 * ({@code DataSourceTransactionManager}, {@code JdbcTransactionManager}, {@code
 * JpaTransactionManager}).
 *
 * <pre>{@code
 * @Transactional
 * public Order place(PlaceOrder command) {
 *   Order order = orders.save(new Order(...));
 *   outbox.append(events.event("order.placed", "order", order.id(), new OrderPlaced(...)));
 *   return order;
 * }
 * }</pre>
 *
 * <p><b>Guarantee.</b> A committed row is published by the relay at least once, in per-aggregate
 * order; a rolled-back row never existed. There is no after-commit step that a crash could skip.
 *
 * <p><b>Fails loudly.</b> Outside a transaction, in a read-only transaction, or in a transaction
 * that does not manage this {@code DataSource}, {@code append} throws {@link
 * NoTransactionException} and writes nothing: the event is neither dropped silently nor committed
 * on its own.
 *
 * <p><b>Hazards.</b> In an after-commit callback the transaction has committed already; what is
 * appended there is committed when Spring releases the connection, outside the business
 * transaction. Use {@code Propagation.REQUIRES_NEW} there.
 *
 * <p><b>Tracing.</b> When Micrometer Tracing is present, an event without a {@code traceparent}
 * gets the current span's; an event that inherited one of the same trace from its cause gets the
 * current span's too (inside an {@link EventlineHandler}, the handler's span). A trace context of
 * another trace is kept as it is.
 */
public interface OutboxWriter {

  /** Appends {@code event} to its aggregate type's topic. */
  void append(EventEnvelope<?> event);

  /** Appends {@code event} to {@code topic}. */
  void append(String topic, EventEnvelope<?> event);

  /** Appends several events in one round trip, in list order, to their aggregate types' topics. */
  void append(List<? extends EventEnvelope<?>> events);
}

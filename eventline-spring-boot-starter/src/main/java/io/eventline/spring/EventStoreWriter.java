package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.eventstore.AppendResult;
import io.eventline.eventstore.EventStore;
import io.eventline.eventstore.ExpectedVersion;
import java.util.List;

/**
 * Appends to the event store inside the current Spring-managed transaction: the events commit or
 * roll back with everything else the transaction wrote (JdbcTemplate, JPA, the {@link
 * OutboxWriter}), on the transaction manager of the application's {@code DataSource}.
 *
 * <pre>{@code
 * @Transactional
 * public void place(String orderId, PlaceOrder command) {
 *   long version = ...; // from the stream, as your aggregate was loaded
 *   eventStore.append("order-" + orderId, ExpectedVersion.exactly(version), List.of(placed));
 * }
 * }</pre>
 *
 * <p><b>Guarantee.</b> The events and whatever the append hooks write (with {@code
 * eventline.event-store.publish-to-outbox=true}, the outbox rows of the same events) are part of
 * the transaction: committed together or not at all.
 *
 * <p><b>Fails loudly.</b> Outside a transaction, in a read-only one, or in one that does not manage
 * this {@code DataSource}, {@code append} throws {@link NoTransactionException} and writes nothing.
 *
 * <p><b>Hazards.</b> Any exception of the append (a {@link
 * io.eventline.eventstore.WrongExpectedVersionException}, and with {@link ExpectedVersion#ANY} too
 * when a concurrent writer of the same stream took the next version) has aborted the transaction in
 * PostgreSQL: let it roll back and run it again. Reads through {@link #store()} use connections of
 * their own and do not see this transaction's uncommitted events. A transaction that writes before
 * it appends takes its transaction id early and may be refused with {@link
 * io.eventline.eventstore.TransactionOrderException} (see {@link EventStore}): append first.
 */
public interface EventStoreWriter {

  /** Appends {@code events} to {@code streamId} in the current transaction. */
  AppendResult append(
      String streamId, ExpectedVersion expected, List<? extends EventEnvelope<?>> events);

  /** The store itself: reads, feeds, subscriptions, deletes, each on a connection of its own. */
  EventStore store();
}

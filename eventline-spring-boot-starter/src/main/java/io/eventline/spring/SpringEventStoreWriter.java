package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.eventstore.AppendResult;
import io.eventline.eventstore.EventStore;
import io.eventline.eventstore.ExpectedVersion;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link EventStoreWriter} on the connection Spring bound to the current transaction. */
final class SpringEventStoreWriter implements EventStoreWriter {
  private final DataSource dataSource;
  private final EventStore store;

  SpringEventStoreWriter(DataSource dataSource, EventStore store) {
    this.dataSource =
        Objects.requireNonNull(dataSource, "EventStoreWriter.dataSource may not be null");
    this.store = Objects.requireNonNull(store, "EventStoreWriter.store may not be null");
  }

  @Override
  public AppendResult append(
      String streamId, ExpectedVersion expected, List<? extends EventEnvelope<?>> events) {
    Objects.requireNonNull(events, "EventStoreWriter.append events may not be null");
    String what = events.size() + " events of stream '" + streamId + "'";
    try {
      return TransactionConnection.run(
          dataSource,
          what,
          "EventStoreWriter.append",
          connection -> store.append(connection, streamId, expected, events));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot use the transaction's connection: " + e.getMessage(), e);
    }
  }

  @Override
  public EventStore store() {
    return store;
  }
}

package io.eventline.bench.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.inbox.InboxResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * One way to consume a batch of events in one transaction (a batch of one: a transaction per
 * event). Both variants run the same handler code, which writes one row per event.
 */
interface Variant {
  String name();

  void consume(List<EventEnvelope<Long>> batch) throws Exception;

  /** The handler's write: one row per event. */
  static void write(Connection connection, EventEnvelope<Long> event) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO bench_effect (event_id, account, amount) VALUES (?, ?, ?)")) {
      insert.setObject(1, event.eventId());
      insert.setString(2, event.aggregateId());
      insert.setLong(3, event.payload());
      insert.executeUpdate();
    }
  }

  /** The consumer without an inbox: the handler's writes in a transaction, nothing else. */
  static Variant plain(DataSource dataSource) {
    return new Variant() {
      @Override
      public String name() {
        return "plain";
      }

      @Override
      public void consume(List<EventEnvelope<Long>> batch) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
          connection.setAutoCommit(false);
          try {
            for (EventEnvelope<Long> event : batch) {
              write(connection, event);
            }
            connection.commit();
          } catch (Exception e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        }
      }
    };
  }

  /** The same consumer behind the inbox: {@code handle} per event, {@code handleBatch} above 1. */
  static Variant inbox(Inbox inbox) {
    InboxHandler<Long> handler = (event, context) -> write(context.connection(), event);
    return new Variant() {
      @Override
      public String name() {
        return "inbox";
      }

      @Override
      public void consume(List<EventEnvelope<Long>> batch) {
        List<InboxResult> results =
            batch.size() == 1
                ? List.of(inbox.handle("bench", batch.get(0), handler))
                : inbox.handleBatch("bench", batch, handler);
        for (InboxResult result : results) {
          if (result.outcome() != InboxResult.Outcome.PROCESSED) {
            throw new IllegalStateException(
                "the benchmark expects every event to be processed once, got " + result);
          }
        }
      }
    };
  }
}

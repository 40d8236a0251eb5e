package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Hands one batch to the handler or projection and commits the checkpoint. */
final class BatchRunner {
  private final SubscriptionSettings settings;
  private final SubscriptionLease lease;

  BatchRunner(SubscriptionSettings settings, SubscriptionLease lease) {
    this.settings = settings;
    this.lease = lease;
  }

  /**
   * What a batch achieved: how many events were handled, up to which checkpoint, and why not all.
   */
  record Outcome(int handled, Checkpoint checkpoint, Exception failure) {}

  Outcome run(Connection connection, List<RecordedEvent> batch) throws SQLException {
    return settings.projection() == null ? handle(connection, batch) : project(connection, batch);
  }

  private Outcome handle(Connection connection, List<RecordedEvent> batch) throws SQLException {
    Checkpoint last = null;
    int handled = 0;
    Exception failure = null;
    for (RecordedEvent event : batch) {
      try {
        settings.handler().handle(event);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failure = failed(event, e);
        break;
      }
      last = event.checkpoint();
      handled++;
    }
    if (handled > 0) {
      lease.commit(connection, last);
    }
    return new Outcome(handled, last, failure);
  }

  private Outcome project(Connection connection, List<RecordedEvent> batch) throws SQLException {
    connection.setAutoCommit(false);
    RecordedEvent current = null;
    try {
      for (RecordedEvent event : batch) {
        current = event;
        settings.projection().apply(connection, event);
      }
      current = null;
      Checkpoint last = batch.get(batch.size() - 1).checkpoint();
      lease.commit(connection, last);
      connection.commit();
      return new Outcome(batch.size(), last, null);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      if (e instanceof LeaseLostException || current == null) {
        throw e;
      }
      return new Outcome(0, null, failed(current, e));
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Empties the read model and moves the checkpoint to the start; returns the events to replay. */
  long reset(Connection connection, PostgresEventStore store) throws SQLException {
    connection.setAutoCommit(false);
    try {
      if (settings.projection() != null) {
        settings.projection().reset(connection);
      }
      lease.commit(connection, Checkpoint.START);
      long total = count(connection);
      connection.commit();
      return total;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private long count(Connection connection) throws SQLException {
    FeedFilter filter = settings.filter();
    String sql =
        switch (filter.kind()) {
          case ALL -> "SELECT count(*) FROM eventline_events";
          case CATEGORY -> "SELECT count(*) FROM eventline_events WHERE category = ?";
          case EVENT_TYPE -> "SELECT count(*) FROM eventline_events WHERE event_type = ?";
        };
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      if (filter.kind() != FeedFilter.Kind.ALL) {
        query.setString(1, filter.value());
      }
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private EventStoreException failed(RecordedEvent event, Exception cause) {
    return new EventStoreException(
        "subscription '"
            + settings.name()
            + "' failed on event "
            + event.envelope().eventId()
            + " ("
            + event.eventType()
            + ", stream '"
            + Streams.clip(event.streamId())
            + "' version "
            + event.streamVersion()
            + "): "
            + cause
            + "; it retries this event with backoff and does not skip it. Fix the handler, or"
            + " deploy one that ignores this event",
        cause);
  }
}

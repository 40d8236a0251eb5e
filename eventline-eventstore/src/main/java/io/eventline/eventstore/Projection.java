package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes a read model in the same transaction as the subscription's checkpoint, so every event
 * changes the read model exactly once: a crash rolls back both, and an instance that lost its lease
 * cannot commit (its checkpoint update is fenced by the lease and its writes roll back). The read
 * model must live in the event store's database.
 */
public interface Projection {

  /** Applies one event; runs in the batch's transaction. Do not commit or roll back. */
  void apply(Connection transaction, RecordedEvent event) throws SQLException;

  /**
   * Empties the read model for a rebuild; runs in the transaction that resets the checkpoint to the
   * start of the feed.
   */
  default void reset(Connection transaction) throws SQLException {}
}

package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs inside an append's transaction, on its connection, after the events were written: plug the
 * outbox in here ({@code (connection, events) -> outbox.append(connection, envelopes)}) and the
 * events and the outbox rows commit or roll back together.
 *
 * <p>If the hook throws, the append's transaction rolls back (when the store owns it) and the
 * append fails with the hook's exception; when the caller passed its own connection, the caller
 * must roll back. A hook must not commit, roll back or close the connection. It is not called when
 * an append was an idempotent replay of an earlier one (nothing was written).
 */
@FunctionalInterface
public interface AppendHook {

  /** Called once per append with the events just written, in stream order. */
  void appended(Connection connection, List<RecordedEvent> events) throws SQLException;
}

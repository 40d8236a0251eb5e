package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.InboxResult.OrderCheck;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The ordering guard's SQL: reads the aggregate's last handled version under a row lock (held to
 * the end of the handler's transaction), or records the first one.
 */
final class OrderingCheck {
  private final InboxSql sql;
  private final OrderingGuard guard;

  OrderingCheck(InboxSql sql, OrderingGuard guard) {
    this.sql = sql;
    this.guard = guard;
  }

  /** What the guard saw, and the last version before this event ({@code null} if none). */
  record Seen(OrderCheck check, Long last) {
    static final Seen UNCHECKED = new Seen(OrderCheck.NOT_CHECKED, null);

    boolean outOfOrder() {
      return check == OrderCheck.GAP || check == OrderCheck.OLDER;
    }
  }

  boolean isOn() {
    return guard.isOn();
  }

  OrderingGuard.Policy policy() {
    return guard.policy();
  }

  Seen inspect(Connection connection, String consumer, EventEnvelope<?> event, Instant now)
      throws SQLException {
    if (!guard.isOn() || event.aggregateVersion() == null) {
      return Seen.UNCHECKED;
    }
    long version = event.aggregateVersion();
    Long last = lastVersion(connection, consumer, event);
    if (last == null) {
      if (insertFirst(connection, consumer, event, now)) {
        return new Seen(OrderCheck.FIRST, null);
      }
      last = lastVersion(connection, consumer, event);
      if (last == null) {
        throw new SQLException(
            "the ordering guard row of aggregate "
                + Texts.printable(event.aggregateId())
                + " vanished while consumer "
                + consumer
                + " read it");
      }
    }
    OrderCheck check =
        version == last + 1
            ? OrderCheck.IN_ORDER
            : version > last + 1 ? OrderCheck.GAP : OrderCheck.OLDER;
    return new Seen(check, last);
  }

  /** Raises the aggregate's last version to this event's, if it is higher. */
  void advance(Connection connection, String consumer, EventEnvelope<?> event, Instant now)
      throws SQLException {
    if (!guard.isOn() || event.aggregateVersion() == null) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(sql.advanceVersion())) {
      update.setLong(1, event.aggregateVersion());
      sql.bindInstant(update, 2, now);
      update.setString(3, consumer);
      update.setString(4, Texts.key(event.aggregateType()));
      update.setString(5, Texts.key(event.aggregateId()));
      update.setLong(6, event.aggregateVersion());
      if (update.executeUpdate() == 0) {
        insertFirst(connection, consumer, event, now);
      }
    }
  }

  private Long lastVersion(Connection connection, String consumer, EventEnvelope<?> event)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql.selectVersionForUpdate())) {
      select.setString(1, consumer);
      select.setString(2, Texts.key(event.aggregateType()));
      select.setString(3, Texts.key(event.aggregateId()));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : null;
      }
    }
  }

  private boolean insertFirst(
      Connection connection, String consumer, EventEnvelope<?> event, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql.insertVersionIfAbsent())) {
      insert.setString(1, consumer);
      insert.setString(2, Texts.key(event.aggregateType()));
      insert.setString(3, Texts.key(event.aggregateId()));
      insert.setLong(4, event.aggregateVersion());
      sql.bindInstant(insert, 5, now);
      return insert.executeUpdate() == 1;
    }
  }
}

package io.eventline.inbox;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link InboxAdmin} on JDBC. */
final class JdbcInboxAdmin implements InboxAdmin {
  private final DataSource dataSource;
  private final Clock clock;

  JdbcInboxAdmin(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "InboxAdmin.dataSource may not be null");
    this.clock = Objects.requireNonNull(clock, "InboxAdmin.clock may not be null");
  }

  @Override
  public List<DeadLetter> dead(int limit) {
    return list(null, limit);
  }

  @Override
  public List<DeadLetter> dead(String consumer, int limit) {
    return list(Inbox.requireConsumerName(consumer), limit);
  }

  private List<DeadLetter> list(String consumer, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be in [1, 10000] but was " + limit);
    }
    try (Connection connection = dataSource.getConnection()) {
      InboxSql sql = sql(connection);
      List<DeadLetter> dead = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(sql.selectOpen(consumer != null))) {
        int index = 1;
        if (consumer != null) {
          select.setString(index++, consumer);
        }
        select.setInt(index, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            dead.add(DeadLetterRows.read(sql, rows));
          }
        }
      }
      return dead;
    } catch (SQLException e) {
      throw failure("list dead letters", e);
    }
  }

  @Override
  public ReplayRequest replay(UUID eventId) {
    return request(null, eventId);
  }

  @Override
  public ReplayRequest replay(String consumer, UUID eventId) {
    return request(Inbox.requireConsumerName(consumer), eventId);
  }

  private ReplayRequest request(String consumer, UUID eventId) {
    Objects.requireNonNull(eventId, "InboxAdmin.replay eventId may not be null");
    try (Connection connection = dataSource.getConnection()) {
      InboxSql sql = sql(connection);
      try (PreparedStatement update =
          connection.prepareStatement(sql.requestReplay(consumer != null))) {
        sql.bindInstant(update, 1, clock.instant());
        sql.bindUuid(update, 2, eventId);
        if (consumer != null) {
          update.setString(3, consumer);
        }
        if (update.executeUpdate() > 0) {
          commitIfNeeded(connection);
          return ReplayRequest.REQUESTED;
        }
      }
      try (PreparedStatement count =
          connection.prepareStatement(sql.countByEvent(consumer != null))) {
        sql.bindUuid(count, 1, eventId);
        if (consumer != null) {
          count.setString(2, consumer);
        }
        try (ResultSet row = count.executeQuery()) {
          row.next();
          return row.getLong(1) == 0 ? ReplayRequest.NOT_FOUND : ReplayRequest.ALREADY_REPLAYED;
        }
      }
    } catch (SQLException e) {
      throw failure("request a replay of event " + eventId, e);
    }
  }

  @Override
  public int replayAll() {
    return requestAll(null);
  }

  @Override
  public int replayAll(String consumer) {
    return requestAll(Inbox.requireConsumerName(consumer));
  }

  private int requestAll(String consumer) {
    try (Connection connection = dataSource.getConnection()) {
      InboxSql sql = sql(connection);
      try (PreparedStatement update =
          connection.prepareStatement(sql.requestAllReplays(consumer != null))) {
        sql.bindInstant(update, 1, clock.instant());
        if (consumer != null) {
          update.setString(2, consumer);
        }
        int requested = update.executeUpdate();
        commitIfNeeded(connection);
        return requested;
      }
    } catch (SQLException e) {
      throw failure("request replays", e);
    }
  }

  private static void commitIfNeeded(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }

  private static InboxSql sql(Connection connection) throws SQLException {
    return InboxSql.forDialect(Dialect.detect(connection));
  }

  private static InboxException failure(String action, SQLException e) {
    return new InboxException(
        "could not "
            + action
            + ": "
            + e.getMessage()
            + (e.getMessage() != null && e.getMessage().contains("does not exist")
                ? "; has 'eventline migrate' run on this database?"
                : ""),
        e);
  }
}

package io.eventline.outbox;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link OutboxAdmin} on JDBC. */
final class JdbcOutboxAdmin implements OutboxAdmin {
  private final DataSource dataSource;

  JdbcOutboxAdmin(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public OutboxStatus status() {
    try (Connection connection = dataSource.getConnection()) {
      OutboxSql sql = sql(connection);
      RelayCounters.Probe probe =
          new BacklogProbe(sql, java.time.Clock.systemUTC()).measure(connection);
      List<PartitionOwner> owners = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(sql.leaseOwners());
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          owners.add(
              new PartitionOwner(
                  rows.getInt(1),
                  rows.getString(2),
                  rows.getLong(3),
                  sql.readInstant(rows, 5),
                  rows.getInt(6) == 1));
        }
      }
      return new OutboxStatus(
          probe.pending(),
          probe.capped(),
          probe.retrying(),
          probe.dead(),
          probe.oldestPendingAge(),
          owners);
    } catch (SQLException e) {
      throw failure("read the outbox status", e);
    }
  }

  @Override
  public List<DeadEvent> dead(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
    }
    try (Connection connection = dataSource.getConnection()) {
      OutboxSql sql = sql(connection);
      List<DeadEvent> dead = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(sql.selectDead())) {
        select.setInt(1, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            dead.add(
                new DeadEvent(
                    rows.getLong(1),
                    sql.readUuid(rows, 2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5),
                    rows.getString(6),
                    rows.getInt(7),
                    rows.getString(8),
                    sql.readInstant(rows, 9),
                    sql.readInstant(rows, 10)));
          }
        }
      }
      return dead;
    } catch (SQLException e) {
      throw failure("list dead events", e);
    }
  }

  @Override
  public Result retry(UUID eventId) {
    return onEvent(
        eventId,
        "retry",
        (sql, connection) -> {
          try (PreparedStatement update = connection.prepareStatement(sql.retry())) {
            sql.bindUuid(update, 1, eventId);
            return update.executeUpdate();
          }
        });
  }

  @Override
  public int retryAll() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql(connection).retryAll())) {
      return update.executeUpdate();
    } catch (SQLException e) {
      throw failure("retry dead events", e);
    }
  }

  @Override
  public Result skip(UUID eventId, String reason) {
    String note =
        "skipped by an operator" + (reason == null || reason.isBlank() ? "" : ": " + reason);
    return onEvent(
        eventId,
        "skip",
        (sql, connection) -> {
          try (PreparedStatement update = connection.prepareStatement(sql.skip())) {
            update.setString(1, note);
            sql.bindUuid(update, 2, eventId);
            return update.executeUpdate();
          }
        });
  }

  @FunctionalInterface
  private interface Update {
    int run(OutboxSql sql, Connection connection) throws SQLException;
  }

  private Result onEvent(UUID eventId, String action, Update update) {
    try (Connection connection = dataSource.getConnection()) {
      OutboxSql sql = sql(connection);
      if (update.run(sql, connection) == 1) {
        return Result.DONE;
      }
      try (PreparedStatement find = connection.prepareStatement(sql.findEvent())) {
        sql.bindUuid(find, 1, eventId);
        try (ResultSet row = find.executeQuery()) {
          if (!row.next()) {
            return Result.NOT_FOUND;
          }
          return row.getObject(1) != null ? Result.ALREADY_PUBLISHED : Result.NOT_FAILED;
        }
      }
    } catch (SQLException e) {
      throw failure(action + " event " + eventId, e);
    }
  }

  private static OutboxSql sql(Connection connection) throws SQLException {
    return OutboxSql.forDialect(Dialect.detect(connection));
  }

  private static OutboxException failure(String action, SQLException e) {
    return new OutboxException(
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

package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.inbox.InboxResult.OrderCheck;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requested replays. The claim is an update of the dead letter row that only one replayer can
 * make; the event's mark exists already (it was written with the dead letter, and retention keeps
 * marks of open dead letters), so a redelivery during the replay is a duplicate. If the mark is
 * missing, it is inserted first, exactly as for a delivery.
 */
final class Replays {
  private static final Logger log = LoggerFactory.getLogger(Inbox.class);

  private final DataSource dataSource;
  private final Clock clock;
  private final EventFactory events;
  private final Outbox outbox;

  Replays(DataSource dataSource, Clock clock, EventFactory events, Outbox outbox) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.events = events;
    this.outbox = outbox;
  }

  List<InboxResult> run(
      Statements statements, String consumer, InboxHandler<byte[]> handler, int limit)
      throws SQLException {
    List<InboxResult> results = new ArrayList<>();
    for (long id : requested(statements.sql(), consumer, limit)) {
      InboxResult result = replay(statements, consumer, id, handler);
      if (result != null) {
        results.add(result);
      }
    }
    return results;
  }

  private List<Long> requested(InboxSql sql, String consumer, int limit) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql.selectRequestedReplays())) {
      select.setString(1, consumer);
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  /** One replay; {@code null} when another replayer claimed it first. */
  private InboxResult replay(
      Statements statements, String consumer, long id, InboxHandler<byte[]> handler)
      throws SQLException {
    InboxSql sql = statements.sql();
    DeadLetter dead = null;
    try (Transaction tx = Transaction.begin(dataSource)) {
      try {
        Instant now = clock.instant();
        if (!claim(sql, tx.connection, id, now, Outcome.PROCESSED)) {
          return null;
        }
        dead = load(sql, tx.connection, id);
        EventEnvelope<byte[]> event = dead.envelope();
        if (event == null) {
          tx.rollback(null);
          return failed(sql, consumer, dead, new InboxException("it is not readable as an event"));
        }
        if (!statements.marks().exists(tx.connection, consumer, event.eventId())
            && !statements.marks().insert(tx.connection, consumer, event, now)) {
          tx.rollback(null);
          return duplicate(sql, consumer, dead);
        }
        statements.guard().advance(tx.connection, consumer, event, now);
        handler.handle(
            event,
            new HandlerContext(
                consumer, tx.connection, event, dead.attempts() + 1, events, outbox));
        tx.commit();
        log.info(
            "consumer {} replayed dead event {} ({}); it is settled",
            consumer,
            event.eventId(),
            event.eventType());
        return new InboxResult(
            Outcome.PROCESSED, consumer, event.eventId(), 1, OrderCheck.NOT_CHECKED, null);
      } catch (Exception e) {
        tx.rollback(e);
        EventAttempt.restoreInterrupt(e);
        if (dead == null) {
          throw e instanceof SQLException sqlException
              ? sqlException
              : new SQLException("replay of dead letter " + id + " failed: " + e, e);
        }
        return failed(sql, consumer, dead, e);
      }
    }
  }

  private static boolean claim(
      InboxSql sql, Connection connection, long id, Instant now, Outcome outcome)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql.claimReplay())) {
      sql.bindInstant(update, 1, now);
      update.setString(2, outcome.name());
      update.setLong(3, id);
      return update.executeUpdate() == 1;
    }
  }

  private static DeadLetter load(InboxSql sql, Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql.selectDeadLetter())) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("dead letter " + id + " vanished while it was being replayed");
        }
        return DeadLetterRows.read(sql, row);
      }
    }
  }

  private InboxResult duplicate(InboxSql sql, String consumer, DeadLetter dead)
      throws SQLException {
    try (Transaction tx = Transaction.begin(dataSource)) {
      claim(sql, tx.connection, dead.id(), clock.instant(), Outcome.DUPLICATE);
      tx.commit();
    }
    log.info(
        "consumer {}: dead event {} was handled by a delivery meanwhile; the replay ran nothing",
        consumer,
        dead.eventId());
    return InboxResult.of(Outcome.DUPLICATE, consumer, dead.eventId(), 0);
  }

  private InboxResult failed(InboxSql sql, String consumer, DeadLetter dead, Exception error)
      throws SQLException {
    try (Transaction tx = Transaction.begin(dataSource);
        PreparedStatement update = tx.connection.prepareStatement(sql.replayFailed())) {
      update.setString(1, Texts.column(Failures.describe(error), Failures.MAX_TEXT));
      update.setLong(2, dead.id());
      update.executeUpdate();
      tx.commit();
    }
    log.warn(
        "consumer {}: the replay of dead event {} failed and it stays dead: {}; fix the cause and"
            + " run 'eventline inbox replay {}' again",
        consumer,
        dead.eventId(),
        Failures.summary(error),
        dead.eventId());
    return new InboxResult(
        Outcome.FAILED, consumer, dead.eventId(), 1, OrderCheck.NOT_CHECKED, error);
  }
}

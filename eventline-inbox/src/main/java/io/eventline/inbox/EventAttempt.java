package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.inbox.InboxResult.OrderCheck;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.outbox.Outbox;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at one event, or at a batch, in one transaction: mark first, then the ordering guard,
 * then the handler, then commit. Deadlocks and serialization failures are retried at once in a new
 * transaction, at most three times in all.
 */
final class EventAttempt {
  private static final Logger log = LoggerFactory.getLogger(Inbox.class);
  static final int TRANSIENT_TRIES = 3;

  private final DataSource dataSource;
  private final Clock clock;
  private final EventFactory events;
  private final Outbox outbox;

  EventAttempt(DataSource dataSource, Clock clock, EventFactory events, Outbox outbox) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.events = events;
    this.outbox = outbox;
  }

  <P> InboxResult one(
      Statements statements,
      String consumer,
      EventEnvelope<P> event,
      InboxHandler<P> handler,
      int attempt) {
    for (int round = 1; ; round++) {
      try (Transaction tx = Transaction.begin(dataSource)) {
        try {
          Instant now = clock.instant();
          if (!statements.marks().insert(tx.connection, consumer, event, now)) {
            tx.rollback(null);
            return InboxResult.of(Outcome.DUPLICATE, consumer, event.eventId(), 0);
          }
          InboxResult result = guardAndRun(statements, tx, consumer, event, handler, attempt, now);
          tx.commit();
          return result;
        } catch (Exception | Error e) {
          tx.rollback(e);
          throw e;
        }
      } catch (Exception e) {
        restoreInterrupt(e);
        if (round < TRANSIENT_TRIES && isTransient(statements, e)) {
          continue;
        }
        return new InboxResult(
            Outcome.FAILED, consumer, event.eventId(), 1, OrderCheck.NOT_CHECKED, e);
      }
    }
  }

  /**
   * The batch: new marks in one statement, then each new event in list order. On a failure the
   * whole batch rolls back and every result is {@code FAILED}.
   */
  <P> List<InboxResult> batch(
      Statements statements,
      String consumer,
      List<EventEnvelope<P>> batch,
      InboxHandler<P> handler) {
    List<EventEnvelope<?>> distinct = distinctSorted(batch);
    for (int round = 1; ; round++) {
      int current = -1;
      try (Transaction tx = Transaction.begin(dataSource)) {
        try {
          Instant now = clock.instant();
          Set<UUID> fresh = statements.marks().insertNew(tx.connection, consumer, distinct, now);
          InboxResult[] results = new InboxResult[batch.size()];
          Set<UUID> seen = new HashSet<>();
          for (int i = 0; i < batch.size(); i++) {
            EventEnvelope<P> event = batch.get(i);
            UUID id = event.eventId();
            if (!seen.add(id) || !fresh.contains(id)) {
              results[i] = InboxResult.of(Outcome.DUPLICATE, consumer, id, 0);
              continue;
            }
            current = i;
            results[i] = guardAndRun(statements, tx, consumer, event, handler, 1, now);
          }
          tx.commit();
          return Arrays.asList(results);
        } catch (Exception | Error e) {
          tx.rollback(e);
          throw e;
        }
      } catch (Exception e) {
        restoreInterrupt(e);
        if (round < TRANSIENT_TRIES && isTransient(statements, e)) {
          continue;
        }
        return failedBatch(consumer, batch, current, e);
      }
    }
  }

  /** Runs the guard and the handler of an event whose mark is new, on the transaction. */
  private <P> InboxResult guardAndRun(
      Statements statements,
      Transaction tx,
      String consumer,
      EventEnvelope<P> event,
      InboxHandler<P> handler,
      int attempt,
      Instant now)
      throws Exception {
    OrderingCheck guard = statements.guard();
    OrderingCheck.Seen seen = guard.inspect(tx.connection, consumer, event, now);
    if (seen.outOfOrder()) {
      if (guard.policy() == OrderingGuard.Policy.PARK) {
        String reason = OrderMessages.parked(consumer, event, seen);
        statements
            .deadLetters()
            .write(tx.connection, consumer, DeadLetter.Kind.PARKED, event, null, 0, reason, now);
        log.error(reason);
        return new InboxResult(Outcome.PARKED, consumer, event.eventId(), 0, seen.check(), null);
      }
      log.warn(OrderMessages.processedAnyway(consumer, event, seen));
    }
    if (seen.check() != OrderCheck.FIRST) {
      guard.advance(tx.connection, consumer, event, now);
    }
    handler.handle(
        event, new HandlerContext(consumer, tx.connection, event, attempt, events, outbox));
    return new InboxResult(Outcome.PROCESSED, consumer, event.eventId(), 1, seen.check(), null);
  }

  private static <P> List<EventEnvelope<?>> distinctSorted(List<EventEnvelope<P>> batch) {
    Set<UUID> ids = new HashSet<>();
    List<EventEnvelope<?>> distinct = new ArrayList<>(batch.size());
    for (EventEnvelope<P> event : batch) {
      if (ids.add(event.eventId())) {
        distinct.add(event);
      }
    }
    distinct.sort(Comparator.comparing(EventEnvelope::eventId));
    return distinct;
  }

  private static <P> List<InboxResult> failedBatch(
      String consumer, List<EventEnvelope<P>> batch, int culprit, Exception error) {
    List<InboxResult> results = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Throwable reason =
          i == culprit || culprit < 0
              ? error
              : new InboxException(
                  "rolled back with its batch because event "
                      + batch.get(culprit).eventId()
                      + " failed: "
                      + Failures.summary(error));
      results.add(
          new InboxResult(
              Outcome.FAILED,
              consumer,
              batch.get(i).eventId(),
              i == culprit ? 1 : 0,
              OrderCheck.NOT_CHECKED,
              reason));
    }
    return results;
  }

  static boolean isTransient(Statements statements, Throwable error) {
    int depth = 0;
    for (Throwable cursor = error; cursor != null && depth < 8; depth++) {
      if (cursor instanceof SQLException sql && statements.dialect().isTransient(sql)) {
        return true;
      }
      cursor = cursor.getCause();
    }
    return false;
  }

  static void restoreInterrupt(Throwable error) {
    if (error instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import io.eventline.inbox.InboxResult.OrderCheck;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.jdbc.Dialect;
import io.eventline.outbox.Backoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Inbox} on JDBC. */
final class JdbcInbox implements Inbox {
  private static final Logger log = LoggerFactory.getLogger(Inbox.class);

  private final DataSource dataSource;
  private final Clock clock;
  private final OrderingGuard guard;
  private final PayloadCodec codec;
  private final Duration dedupeWindow;
  private final int maxAttempts;
  private final int maxBatchSize;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final EventAttempt attempts;
  private final Replays replays;
  private final RetentionPurge purge;
  private final Map<String, InboxCounters> counters = new ConcurrentHashMap<>();
  private volatile Statements statements;

  JdbcInbox(Inbox.Builder settings) {
    this.dataSource = settings.dataSource;
    this.clock = settings.clock;
    this.guard = settings.orderingGuard;
    this.codec = settings.codec;
    this.dedupeWindow = settings.dedupeWindow;
    this.maxAttempts = settings.maxAttempts;
    this.maxBatchSize = settings.maxBatchSize;
    this.backoff = settings.backoff;
    this.random = settings.random;
    this.attempts = new EventAttempt(dataSource, clock, settings.events, settings.outbox);
    this.replays = new Replays(dataSource, clock, settings.events, settings.outbox);
    this.purge = new RetentionPurge(dataSource);
    if (settings.dialect != null) {
      this.statements = Statements.of(settings.dialect, guard, codec);
    }
  }

  @Override
  public <P> InboxResult handle(String consumer, EventEnvelope<P> event, InboxHandler<P> handler) {
    Inbox.requireConsumerName(consumer);
    Objects.requireNonNull(event, "Inbox.handle event may not be null");
    Objects.requireNonNull(handler, "Inbox.handle handler may not be null");
    return attempt(consumer, event, handler, 1);
  }

  private <P> InboxResult attempt(
      String consumer, EventEnvelope<P> event, InboxHandler<P> handler, int attempt) {
    InboxResult result;
    try {
      result = attempts.one(statements(), consumer, event, handler, attempt);
    } catch (SQLException e) {
      result = failed(consumer, event, e);
    }
    counters(consumer).count(result);
    return result;
  }

  @Override
  public <P> List<InboxResult> handleBatch(
      String consumer, List<EventEnvelope<P>> events, InboxHandler<P> handler) {
    Inbox.requireConsumerName(consumer);
    Objects.requireNonNull(events, "Inbox.handleBatch events may not be null");
    Objects.requireNonNull(handler, "Inbox.handleBatch handler may not be null");
    if (events.size() > maxBatchSize) {
      throw new IllegalArgumentException(
          "Inbox.handleBatch takes at most Inbox.maxBatchSize ("
              + maxBatchSize
              + ") events but got "
              + events.size());
    }
    if (events.isEmpty()) {
      return List.of();
    }
    List<InboxResult> results;
    try {
      results = attempts.batch(statements(), consumer, events, handler);
    } catch (SQLException e) {
      results = events.stream().map(event -> failed(consumer, event, e)).toList();
    }
    InboxCounters count = counters(consumer);
    if (results.get(0).outcome() == Outcome.FAILED) {
      count.failedAttempts.increment();
    } else {
      results.forEach(count::count);
    }
    return results;
  }

  @Override
  public <P> InboxResult process(String consumer, EventEnvelope<P> event, InboxHandler<P> handler) {
    Inbox.requireConsumerName(consumer);
    Objects.requireNonNull(event, "Inbox.process event may not be null");
    Objects.requireNonNull(handler, "Inbox.process handler may not be null");
    for (int attempt = 1; ; attempt++) {
      InboxResult result = attempt(consumer, event, handler, attempt);
      if (result.isSettled()) {
        return result;
      }
      if (result.isPermanentFailure() || attempt >= maxAttempts) {
        InboxResult dead = deadLetter(consumer, event, result.error(), attempt, null);
        return dead.isSettled() ? dead : result;
      }
      long wait = backoff.delayMillis(attempt, random);
      log.warn(
          "consumer {}: attempt {} of {} at event {} ({}) failed, retrying in {} ms: {}",
          consumer,
          attempt,
          maxAttempts,
          event.eventId(),
          event.eventType(),
          wait,
          Failures.summary(result.error()));
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
    }
  }

  @Override
  public InboxResult deadLetter(
      String consumer, EventEnvelope<?> event, Throwable error, int attempts, String source) {
    Inbox.requireConsumerName(consumer);
    Objects.requireNonNull(event, "Inbox.deadLetter event may not be null");
    DeadLetter.Kind kind = Failures.kind(error);
    InboxResult result;
    try {
      Statements sql = statements();
      result = writeDeadLetter(sql, consumer, event, kind, error, attempts, source);
    } catch (SQLException e) {
      result = failed(consumer, event, e);
      log.error(
          "consumer {} could not write event {} to the dead letters: {}; it stays unsettled and"
              + " will be retried",
          consumer,
          event.eventId(),
          Failures.summary(e));
    }
    counters(consumer).count(result);
    if (result.outcome() == Outcome.DEAD_LETTERED) {
      log.error(
          "consumer {} gave up on event {} ({}, {} {}) after {} attempt(s), as {}: {}. It is in"
              + " eventline_dead_letter; fix the cause, then run 'eventline inbox replay {}'",
          consumer,
          event.eventId(),
          Texts.printable(event.eventType()),
          Texts.printable(event.aggregateType()),
          Texts.printable(event.aggregateId()),
          attempts,
          kind,
          Failures.summary(error),
          event.eventId());
    }
    return result;
  }

  private InboxResult writeDeadLetter(
      Statements sql,
      String consumer,
      EventEnvelope<?> event,
      DeadLetter.Kind kind,
      Throwable error,
      int attempts,
      String source)
      throws SQLException {
    for (int round = 1; ; round++) {
      try (Transaction tx = Transaction.begin(dataSource)) {
        Instant now = clock.instant();
        if (!sql.marks().insert(tx.connection, consumer, event, now)) {
          tx.rollback(null);
          return InboxResult.of(Outcome.DUPLICATE, consumer, event.eventId(), 0);
        }
        sql.deadLetters()
            .write(
                tx.connection,
                consumer,
                kind,
                event,
                source,
                attempts,
                Failures.describe(error),
                now);
        tx.commit();
        return new InboxResult(
            Outcome.DEAD_LETTERED,
            consumer,
            event.eventId(),
            attempts,
            OrderCheck.NOT_CHECKED,
            error);
      } catch (SQLException e) {
        if (round >= EventAttempt.TRANSIENT_TRIES || !EventAttempt.isTransient(sql, e)) {
          throw e;
        }
      }
    }
  }

  @Override
  public InboxResult deadLetter(String consumer, MalformedRecord record) {
    Inbox.requireConsumerName(consumer);
    Objects.requireNonNull(record, "Inbox.deadLetter record may not be null");
    InboxResult result;
    try {
      Statements sql = statements();
      try (Transaction tx = Transaction.begin(dataSource)) {
        try {
          sql.deadLetters().writeMalformed(tx.connection, consumer, record, clock.instant());
          tx.commit();
          result = InboxResult.of(Outcome.DEAD_LETTERED, consumer, null, 0);
        } catch (SQLException e) {
          if (!sql.dialect().isUniqueViolation(e)) {
            throw e;
          }
          tx.rollback(e);
          result = InboxResult.of(Outcome.DUPLICATE, consumer, null, 0);
        }
      }
    } catch (SQLException e) {
      log.error(
          "consumer {} could not write the malformed record {} to the dead letters: {}",
          consumer,
          record.source(),
          Failures.summary(e));
      return new InboxResult(Outcome.FAILED, consumer, null, 0, OrderCheck.NOT_CHECKED, e);
    }
    counters(consumer).count(result);
    if (result.outcome() == Outcome.DEAD_LETTERED) {
      log.error(
          "consumer {} dead-lettered the malformed record {}: {}. Fix the producer; the record is"
              + " in eventline_dead_letter (kind MALFORMED)",
          consumer,
          record.source(),
          Texts.printable(record.reason()));
    }
    return result;
  }

  @Override
  public List<InboxResult> replayRequested(
      String consumer, InboxHandler<byte[]> handler, int limit) {
    Inbox.requireConsumerName(consumer);
    Objects.requireNonNull(handler, "Inbox.replayRequested handler may not be null");
    if (limit < 1) {
      throw new IllegalArgumentException("replay limit must be at least 1 but was " + limit);
    }
    try {
      List<InboxResult> results = replays.run(statements(), consumer, handler, limit);
      InboxCounters count = counters(consumer);
      for (InboxResult result : results) {
        if (result.isSettled()) {
          count.replayed.increment();
        }
      }
      return results;
    } catch (SQLException e) {
      throw new InboxException(
          "consumer " + consumer + " could not run its requested replays: " + e.getMessage(), e);
    }
  }

  @Override
  public long purge(String consumer) {
    Inbox.requireConsumerName(consumer);
    try {
      long deleted = purge.run(statements().sql(), consumer, clock.instant().minus(dedupeWindow));
      counters(consumer).purged.add(deleted);
      if (deleted > 0) {
        log.info(
            "consumer {} purged {} inbox marks older than the dedupe window {}",
            consumer,
            deleted,
            dedupeWindow);
      }
      return deleted;
    } catch (SQLException e) {
      throw new InboxException(
          "consumer " + consumer + " could not purge old inbox marks: " + e.getMessage(), e);
    }
  }

  @Override
  public InboxStats stats(String consumer) {
    InboxCounters count = counters.get(consumer);
    return count == null ? new InboxCounters().snapshot() : count.snapshot();
  }

  @Override
  public int maxAttempts() {
    return maxAttempts;
  }

  @Override
  public Backoff backoff() {
    return backoff;
  }

  @Override
  public Duration dedupeWindow() {
    return dedupeWindow;
  }

  @Override
  public int maxBatchSize() {
    return maxBatchSize;
  }

  private InboxCounters counters(String consumer) {
    return counters.computeIfAbsent(consumer, name -> new InboxCounters());
  }

  private Statements statements() throws SQLException {
    Statements current = statements;
    if (current == null) {
      try (Connection connection = dataSource.getConnection()) {
        current = Statements.of(Dialect.detect(connection), guard, codec);
      }
      statements = current;
    }
    return current;
  }

  private static InboxResult failed(String consumer, EventEnvelope<?> event, Exception error) {
    return new InboxResult(
        Outcome.FAILED, consumer, event.eventId(), 0, OrderCheck.NOT_CHECKED, error);
  }
}

package io.eventline.spring;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.inbox.InboxResult;
import io.eventline.inbox.InboxResult.OrderCheck;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.inbox.InboxStats;
import io.eventline.inbox.MalformedRecord;
import io.eventline.outbox.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox inside Spring-managed transactions, so that what a handler writes through JdbcTemplate,
 * JPA or the {@link OutboxWriter} commits together with the inbox mark.
 *
 * <p>How: each call runs in a new Spring transaction ({@code REQUIRES_NEW}, so a caller's own
 * transaction is never committed underneath it), and the wrapped inbox works on a {@code
 * TransactionAwareDataSourceProxy}, so its connection is the one Spring bound to that transaction.
 * The inbox inserts the mark, runs the handler, and commits that connection itself; the handler's
 * JPA changes are flushed before, so they are in that commit. When the outcome is not {@code
 * PROCESSED} the Spring transaction is marked rollback-only, so nothing a failed handler left in a
 * persistence context is flushed later.
 *
 * <p>A transient database error (deadlock) makes the inbox retry an event on the same connection;
 * since a JPA persistence context may still hold the failed attempt's entities, the second run in
 * one transaction is refused, and the event is retried in a new transaction after the backoff.
 */
final class SpringTransactionInbox implements Inbox {
  private final Inbox delegate;
  private final TransactionTemplate transactions;

  SpringTransactionInbox(Inbox delegate, PlatformTransactionManager transactionManager) {
    this.delegate = delegate;
    this.transactions = new TransactionTemplate(transactionManager);
    this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.transactions.setName("eventline-inbox");
  }

  @Override
  public <P> InboxResult handle(String consumer, EventEnvelope<P> event, InboxHandler<P> handler) {
    return inTransaction(
        consumer,
        event.eventId(),
        status -> delegate.handle(consumer, event, joined(handler, status, new HashSet<>())));
  }

  @Override
  public <P> List<InboxResult> handleBatch(
      String consumer, List<EventEnvelope<P>> events, InboxHandler<P> handler) {
    try {
      return transactions.execute(
          status -> {
            List<InboxResult> results =
                delegate.handleBatch(consumer, events, joined(handler, status, new HashSet<>()));
            if (results.stream().anyMatch(r -> r.outcome() != Outcome.PROCESSED)) {
              status.setRollbackOnly();
            }
            return results;
          });
    } catch (RuntimeException e) {
      return events.stream().map(event -> failed(consumer, event.eventId(), e)).toList();
    }
  }

  @Override
  public <P> InboxResult process(String consumer, EventEnvelope<P> event, InboxHandler<P> handler) {
    for (int attempt = 1; ; attempt++) {
      InboxResult result = handle(consumer, event, handler);
      if (result.isSettled()) {
        return result;
      }
      if (result.isPermanentFailure() || attempt >= maxAttempts()) {
        InboxResult dead = deadLetter(consumer, event, result.error(), attempt, null);
        return dead.isSettled() ? dead : result;
      }
      try {
        Thread.sleep(backoff().delayMillis(attempt, ThreadLocalRandom.current()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      }
    }
  }

  @Override
  public InboxResult deadLetter(
      String consumer, EventEnvelope<?> event, Throwable error, int attempts, String source) {
    return inTransaction(
        consumer,
        event.eventId(),
        status -> delegate.deadLetter(consumer, event, error, attempts, source));
  }

  @Override
  public InboxResult deadLetter(String consumer, MalformedRecord record) {
    return inTransaction(consumer, null, status -> delegate.deadLetter(consumer, record));
  }

  @Override
  public List<InboxResult> replayRequested(
      String consumer, InboxHandler<byte[]> handler, int limit) {
    List<InboxResult> results = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      List<InboxResult> one =
          transactions.execute(
              status -> {
                List<InboxResult> run =
                    delegate.replayRequested(consumer, joined(handler, status, new HashSet<>()), 1);
                if (run.stream().anyMatch(r -> r.outcome() != Outcome.PROCESSED)) {
                  status.setRollbackOnly();
                }
                return run;
              });
      if (one == null || one.isEmpty()) {
        break;
      }
      results.addAll(one);
    }
    return results;
  }

  @Override
  public long purge(String consumer) {
    Long purged = transactions.execute(status -> delegate.purge(consumer));
    return purged == null ? 0 : purged;
  }

  @Override
  public InboxStats stats(String consumer) {
    return delegate.stats(consumer);
  }

  @Override
  public int maxAttempts() {
    return delegate.maxAttempts();
  }

  @Override
  public Backoff backoff() {
    return delegate.backoff();
  }

  @Override
  public Duration dedupeWindow() {
    return delegate.dedupeWindow();
  }

  @Override
  public int maxBatchSize() {
    return delegate.maxBatchSize();
  }

  private InboxResult inTransaction(
      String consumer, UUID eventId, Function<TransactionStatus, InboxResult> work) {
    try {
      return transactions.execute(
          status -> {
            InboxResult result = work.apply(status);
            if (result.outcome() != Outcome.PROCESSED) {
              status.setRollbackOnly();
            }
            return result;
          });
    } catch (RuntimeException e) {
      return failed(consumer, eventId, e);
    }
  }

  private static InboxResult failed(String consumer, UUID eventId, RuntimeException e) {
    return new InboxResult(Outcome.FAILED, consumer, eventId, 1, OrderCheck.NOT_CHECKED, e);
  }

  private static <P> InboxHandler<P> joined(
      InboxHandler<P> handler, TransactionStatus status, Set<UUID> ran) {
    return (event, context) -> {
      if (!ran.add(event.eventId())) {
        throw new IllegalStateException(
            "event "
                + event.eventId()
                + " would run a second time in one Spring transaction after a transient database"
                + " error; it is retried in a new transaction instead");
      }
      handler.handle(event, context);
      status.flush();
    };
  }
}

package io.eventline.bench.peer.modulith;

import io.eventline.bench.workload.Business;
import io.eventline.bench.workload.OutboxSystem;
import io.eventline.bench.workload.Payloads;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Modulith as configured in shared/peer-measurements.md: the business transaction inserts
 * the order and publishes the event, which the JDBC registry stores in the same transaction; after
 * commit Boot's {@code applicationTaskExecutor} externalizes it to Kafka. For a backlog the
 * executor is gated off while pre-writing (the publications stay incomplete), then {@code
 * resubmitIncompletePublications} sends them all.
 */
final class ModulithSystem implements OutboxSystem {
  private final TransactionTemplate transactions;
  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;
  private final IncompleteEventPublications incomplete;
  private final AtomicBoolean gate;

  ModulithSystem(
      TransactionTemplate transactions,
      JdbcTemplate jdbc,
      ApplicationEventPublisher events,
      IncompleteEventPublications incomplete,
      AtomicBoolean gate) {
    this.transactions = transactions;
    this.jdbc = jdbc;
    this.events = events;
    this.incomplete = incomplete;
    this.gate = gate;
  }

  /** Drops async tasks while the gate is closed: their publications stay incomplete. */
  static TaskDecorator gated(AtomicBoolean gate) {
    return task -> gate.get() ? task : () -> {};
  }

  @Override
  public void prewrite(int count, int aggregates) {
    gate.set(false);
    int perTransaction = 1_000;
    for (int from = 0; from < count; from += perTransaction) {
      int first = from;
      int last = Math.min(count, from + perTransaction);
      transactions.executeWithoutResult(
          status -> {
            for (long seq = first; seq < last; seq++) {
              String aggregateId = Payloads.aggregateId(seq, aggregates);
              events.publishEvent(
                  new OrderPlaced(seq, Payloads.nowMicros(), aggregateId, Payloads.PAD));
            }
          });
    }
  }

  @Override
  public void startRelay() {
    if (!gate.get()) {
      gate.set(true);
      Thread resubmit =
          new Thread(
              () -> incomplete.resubmitIncompletePublications(publication -> true),
              "modulith-resubmit");
      resubmit.setDaemon(true);
      resubmit.start();
    }
  }

  @Override
  public void write(long seq, String aggregateId) {
    transactions.executeWithoutResult(
        status -> {
          jdbc.update(Business.INSERT, aggregateId, seq, BigDecimal.valueOf(seq % 10_000, 2));
          events.publishEvent(
              new OrderPlaced(seq, Payloads.nowMicros(), aggregateId, Payloads.PAD));
        });
  }

  @Override
  public void close() {
    // the application context closes everything
  }
}

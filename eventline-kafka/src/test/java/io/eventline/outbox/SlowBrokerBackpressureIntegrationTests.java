package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.kafka.KafkaTransport;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of events against a slow broker: the relay never holds more than {@code workers x
 * batchSize} records in flight, however large the backlog, so its memory is bounded by its
 * settings, not by the table.
 */
class SlowBrokerBackpressureIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  /**
   * The real transport, with every acknowledgement delayed by 30 ms, counting what is in flight.
   */
  static final class SlowTransport implements OutboxTransport {
    final OutboxTransport delegate;
    final ScheduledExecutorService delay = Executors.newSingleThreadScheduledExecutor();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    SlowTransport(OutboxTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return "slow-" + delegate.name();
    }

    @Override
    public CompletableFuture<Void> send(OutboxRecord record) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<Void> slow = new CompletableFuture<>();
      delegate
          .send(record)
          .whenComplete(
              (ok, error) ->
                  delay.schedule(
                      () -> {
                        inFlight.decrementAndGet();
                        if (error == null) {
                          slow.complete(null);
                        } else {
                          slow.completeExceptionally(error);
                        }
                      },
                      30,
                      TimeUnit.MILLISECONDS));
      return slow;
    }

    @Override
    public FailureKind classify(Throwable failure) {
      return delegate.classify(failure);
    }

    @Override
    public void close() {
      delegate.close();
      delay.shutdown();
    }
  }

  @Test
  void inFlightRecordsStayWithinWorkersTimesBatchSize() throws Exception {
    SchemaMigrator.create(db.dataSource()).migrate();
    EmbeddedKafka kafka = EmbeddedKafka.shared();
    String topic = kafka.freshTopic("flood", 3);
    EventFactory events = EventFactory.create();
    for (int start = 0; start < 20_000; start += 2_000) {
      List<EventEnvelope<?>> batch = new ArrayList<>();
      for (int i = start; i < start + 2_000; i++) {
        batch.add(events.event("order.placed", topic, "a-" + (i % 500), Map.of("seq", i)));
      }
      JdbcTransactions.of(db.dataSource())
          .run(
              connection -> {
                Outbox.create().append(connection, batch);
                return null;
              });
    }
    SlowTransport slow =
        new SlowTransport(KafkaTransport.builder(kafka.bootstrapServers()).build());

    try (OutboxRelay relay =
        OutboxRelay.builder(db.dataSource(), slow).workers(2).batchSize(200).build().start()) {
      await()
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> count("SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL") == 0);
      assertThat(relay.status().published()).isEqualTo(20_000);
    }

    assertThat(slow.maxInFlight.get()).isPositive().isLessThanOrEqualTo(2 * 200);
  }

  static long count(String sql) throws Exception {
    try (Connection connection = db.dataSource().getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}

package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Backoff;
import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random plans against the inbox on PostgreSQL, without a broker: each event delivered one to three
 * times, all deliveries shuffled over two to four concurrent consumers, in single or batched mode;
 * some handlers fail once after writing; some settled deliveries are delivered again as if the
 * offset commit was lost. Balances end equal to applying each distinct event once.
 */
class InboxPropertyTests {
  private static TestDatabase database;
  private static final AtomicInteger TRY = new AtomicInteger();

  record Plan(
      List<Integer> accounts,
      List<Integer> copies,
      List<Boolean> flaky,
      long seed,
      int threads,
      int batchSize,
      int redeliverPercent) {}

  @BeforeContainer
  static void start() {
    database =
        PostgresServer.shared()
            .orElseThrow(() -> new IllegalStateException(PostgresServer.unavailableReason()))
            .createSchema("InboxPropertyDb");
    SchemaMigrator.create(database.dataSource()).migrate();
    database.execute(
        "CREATE TABLE balances (consumer VARCHAR(100) NOT NULL, account VARCHAR(20) NOT NULL,"
            + " total BIGINT NOT NULL, PRIMARY KEY (consumer, account))");
  }

  @AfterContainer
  static void stop() {
    if (database != null) {
      database.close();
    }
  }

  @Provide
  Arbitrary<Plan> plans() {
    return Arbitraries.integers()
        .between(5, 40)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.integers().between(0, 4).list().ofSize(n),
                        Arbitraries.integers().between(1, 3).list().ofSize(n),
                        Arbitraries.of(true, false, false, false).list().ofSize(n),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(2, 4),
                        Arbitraries.of(1, 1, 3, 8),
                        Arbitraries.integers().between(0, 30))
                    .as(Plan::new));
  }

  @Property(tries = 50, shrinking = ShrinkingMode.OFF)
  void balancesEndEqualToApplyingEachEventOnce(@ForAll("plans") Plan plan) throws Exception {
    String consumer = "prop-db-" + TRY.incrementAndGet();
    EventFactory factory = EventFactory.create();
    List<EventEnvelope<Long>> events = new ArrayList<>();
    Map<String, Long> reference = new TreeMap<>();
    Set<UUID> flaky = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < plan.accounts().size(); i++) {
      long amount = i + 1;
      String account = "acct-" + plan.accounts().get(i);
      EventEnvelope<Long> event = factory.event("payment.booked", "account", account, amount);
      events.add(event);
      reference.merge(account, amount, Long::sum);
      if (plan.flaky().get(i)) {
        flaky.add(event.eventId());
      }
    }
    List<EventEnvelope<Long>> deliveries = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      for (int copy = 0; copy < plan.copies().get(i); copy++) {
        deliveries.add(events.get(i));
      }
    }
    Random random = new Random(plan.seed());
    Collections.shuffle(deliveries, random);
    Inbox inbox =
        Inbox.builder(database.dataSource())
            .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 1.0, 0.0))
            .build();
    InboxHandler<Long> handler =
        (event, context) -> {
          try (PreparedStatement upsert =
              context
                  .connection()
                  .prepareStatement(
                      "INSERT INTO balances (consumer, account, total) VALUES (?, ?, ?)"
                          + " ON CONFLICT (consumer, account)"
                          + " DO UPDATE SET total = balances.total + EXCLUDED.total")) {
            upsert.setString(1, context.consumer());
            upsert.setString(2, event.aggregateId());
            upsert.setLong(3, event.payload());
            upsert.executeUpdate();
          }
          if (flaky.remove(event.eventId())) {
            throw new IllegalStateException("fails once, after its write");
          }
        };

    ExecutorService threads = Executors.newFixedThreadPool(plan.threads());
    try {
      List<Future<?>> consumers = new ArrayList<>();
      for (int t = 0; t < plan.threads(); t++) {
        Deque<EventEnvelope<Long>> queue = new ArrayDeque<>();
        for (int i = t; i < deliveries.size(); i += plan.threads()) {
          queue.add(deliveries.get(i));
        }
        Random own = new Random(plan.seed() + t);
        consumers.add(threads.submit(() -> consume(inbox, consumer, handler, queue, plan, own)));
      }
      for (Future<?> running : consumers) {
        running.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(balances(consumer)).as("balances for %s", plan).isEqualTo(reference);
    assertThat(inbox.stats(consumer).processed()).isEqualTo(events.size());
  }

  private static Void consume(
      Inbox inbox,
      String consumer,
      InboxHandler<Long> handler,
      Deque<EventEnvelope<Long>> queue,
      Plan plan,
      Random random) {
    while (!queue.isEmpty()) {
      List<EventEnvelope<Long>> batch = new ArrayList<>();
      while (batch.size() < plan.batchSize() && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      List<InboxResult> results =
          batch.size() == 1
              ? List.of(inbox.handle(consumer, batch.get(0), handler))
              : inbox.handleBatch(consumer, batch, handler);
      for (int i = 0; i < batch.size(); i++) {
        InboxResult result = results.get(i);
        while (!result.isSettled()) {
          result = inbox.handle(consumer, batch.get(i), handler);
        }
        if (result.outcome() == Outcome.PROCESSED
            && random.nextInt(100) < plan.redeliverPercent()) {
          queue.add(batch.get(i)); // its offset commit was lost: delivered again later
        }
      }
    }
    return null;
  }

  private static Map<String, Long> balances(String consumer) throws Exception {
    Map<String, Long> totals = new TreeMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT account, total FROM balances WHERE consumer = ?")) {
      select.setString(1, consumer);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          totals.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return totals;
  }
}

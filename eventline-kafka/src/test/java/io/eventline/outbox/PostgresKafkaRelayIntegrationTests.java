package io.eventline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.kafka.TopicReader;
import io.eventline.kafka.TopicReader.Delivered;
import io.eventline.testkit.AdvisoryLocks;
import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresKafkaRelayIntegrationTests extends KafkaRelayContract {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  @Override
  DatabaseExtension database() {
    return db;
  }

  @Override
  String plainInsert(UUID id, String aggregateType, String aggregateId) {
    return "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type, payload)"
        + " VALUES ('"
        + id
        + "'::uuid, '"
        + aggregateType
        + "', '"
        + aggregateId
        + "', 'order.placed', '{\"total\": 10}'::jsonb)";
  }

  @Test
  void threeRelaysDeliverEveryEventInOrderWhenOneIsKilledMidRun() throws Exception {
    int aggregates = 1_000;
    int perAggregate = 100;
    for (int seq = 1; seq <= perAggregate; seq++) {
      List<EventEnvelope<?>> batch = new ArrayList<>(aggregates);
      for (int a = 0; a < aggregates; a++) {
        batch.add(event("agg-" + a, seq));
      }
      commit(batch);
    }
    int total = aggregates * perAggregate;
    OutboxRelay doomed = relay("doomed", s -> s.workers(2)).start();
    relay("steady-1", s -> s.workers(2)).start();
    relay("steady-2", s -> s.workers(2)).start();

    await().atMost(Duration.ofMinutes(3)).until(() -> doomed.status().published() >= 5_000);
    ((DefaultOutboxRelay) doomed).kill();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> unpublished() == 0);

    List<Delivered> delivered =
        TopicReader.readDistinct(kafka.bootstrapServers(), topic, total, Duration.ofMinutes(3));
    Set<String> ids = delivered.stream().map(Delivered::eventId).collect(Collectors.toSet());
    assertThat(ids).hasSize(total);
    assertFirstDeliveriesInOrder(delivered);
    assertThat(deadRows()).isZero();
    // duplicates are allowed (at least once) but come only from the killed relay's last batches
    assertThat(delivered.size() - total).as("duplicates").isLessThan(total / 20);
  }

  @Test
  void aBusyWorkerLetsRowsGatherBeforeItClaimsAgain() throws Exception {
    // one commit every 10 ms for 2 s: a busy worker that claimed again at once would publish
    // them one or two at a time; with a 200 ms busy linger it publishes about ten batches
    OutboxRelay relay =
        relay("linger", s -> s.workers(1).pollingAbove(0).busyLinger(Duration.ofMillis(200)))
            .start();
    int total = 200;
    for (int i = 1; i <= total; i++) {
      commit(List.of(event("linger-" + (i % 7), i)));
      Thread.sleep(10);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().published() >= total);
    assertThat(
            TopicReader.readDistinct(
                kafka.bootstrapServers(), topic, total, Duration.ofSeconds(30)))
        .hasSize(total);
    assertThat(relay.status().batches()).as("batches for %d events", total).isLessThan(50);
  }

  @Test
  void brokerDownForAWhileThenBackDrainsTheBacklogInOrder() throws Exception {
    List<EventEnvelope<?>> before = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      before.add(event("b-" + (i % 5), i));
    }
    commit(before);
    OutboxRelay relay = relay("a", s -> s.sendTimeout(Duration.ofSeconds(5))).start();
    assertThat(read(50)).hasSize(50);

    kafka.stop();
    try {
      List<EventEnvelope<?>> during = new ArrayList<>();
      for (int i = 51; i <= 250; i++) {
        during.add(event("b-" + (i % 5), i));
      }
      commit(during);
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.status().unavailable() > 0);
      assertThat(unpublished()).isEqualTo(200);
      assertThat(deadRows()).isZero();
    } finally {
      kafka.restart();
    }

    await().atMost(Duration.ofMinutes(2)).until(() -> unpublished() == 0);
    List<Delivered> delivered = read(250);
    assertThat(delivered.stream().map(Delivered::eventId).distinct()).hasSize(250);
    assertFirstDeliveriesInOrder(delivered);
    assertThat(relay.status().failedAttempts()).isZero(); // an outage costs the events nothing
  }

  @Test
  void metricsReadTheRelayWithoutQueryingOnScrape() {
    commit(List.of(event("m", 1), event("m", 2), event("m", 3)));
    OutboxRelay relay = relay("metered", s -> s.probeInterval(Duration.ofMillis(200))).start();
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new io.eventline.outbox.micrometer.OutboxRelayMetrics(relay).bindTo(registry);

    assertThat(read(3)).hasSize(3);
    await()
        .atMost(WAIT)
        .until(() -> registry.get("eventline.outbox.published").functionCounter().count() == 3.0);
    await()
        .atMost(WAIT)
        .until(() -> registry.get("eventline.outbox.pending").gauge().value() == 0.0);
    assertThat(registry.get("eventline.outbox.partitions.owned").gauge().value()).isEqualTo(32.0);
    assertThat(registry.get("eventline.outbox.dead").gauge().value()).isZero();
  }

  @Test
  void aWriterThatDidNotNotifyIsPublishedWhenItCommitsThoughTheRelayPollsOncePerMinute()
      throws Exception {
    EventEnvelope<?> open = event("open-writer", 1);
    try (Connection writer = db.dataSource().getConnection()) {
      writer.setAutoCommit(false);
      outbox.append(writer, open);
      assertThat(AdvisoryLocks.sharedHeldBy(writer))
          .as("no relay sleeps: the writer won't notify")
          .isOne();
      relay("a", s -> s.pollInterval(Duration.ofMinutes(1))).start();
      Thread.sleep(500); // the relay finds nothing and cannot arm the open writer's partition
      writer.commit();
    }
    // a relay that slept on the partition regardless would wait for its one-minute poll
    List<Delivered> delivered =
        TopicReader.read(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(15));
    assertThat(delivered).extracting(Delivered::eventId).containsExactly(open.eventId().toString());
  }

  @Test
  void aWriterThatCommitsBetweenTheLastClaimAndTheArmingIsCaughtByTheClaimAfterArming()
      throws Exception {
    EventEnvelope<?> first = event("arming-race", 1);
    EventEnvelope<?> between = event("arming-race", 2);
    java.util.concurrent.atomic.AtomicBoolean race =
        new java.util.concurrent.atomic.AtomicBoolean();
    // once the race is on, the next arming statement is preceded by a writer that commits while
    // the worker is disarmed (so it does not notify) and after the worker's last claim
    javax.sql.DataSource racing =
        interceptArming(
            db.dataSource(),
            () -> {
              if (race.compareAndSet(true, false)) {
                commit(List.of(between));
              }
            });
    OutboxRelay relay =
        OutboxRelay.builder(racing, transport())
            .instanceId("arming-race-" + UUID.randomUUID().toString().substring(0, 6))
            .workers(1)
            .pollingAbove(0) // busy after any claim that finds rows: it disarms, then claims again
            .pollInterval(Duration.ofMinutes(1))
            .build();
    relays.add(relay);
    relay.start();
    Thread.sleep(500); // started: the worker sleeps, armed, and its LISTEN connection is up

    race.set(true);
    commit(List.of(first)); // wakes the worker; it publishes, disarms, claims nothing, arms again
    List<Delivered> delivered =
        TopicReader.read(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(15));
    assertThat(race).as("the writer ran just before the arming").isFalse();
    // without a claim after the arming the worker would sleep through its one-minute poll
    assertThat(delivered)
        .extracting(Delivered::eventId)
        .containsExactly(first.eventId().toString(), between.eventId().toString());
  }

  /**
   * The LISTEN connection dies (a network blip, a restarted pgbouncer, an administrator's
   * pg_terminate_backend) while the relay sleeps, and an event is committed before it is back: its
   * notification is lost. The reconnect must wake the workers, long before the fallback poll.
   */
  @Test
  void anEventCommittedWhileTheListenConnectionIsDownIsPublishedAfterTheReconnect()
      throws Exception {
    java.util.concurrent.atomic.AtomicInteger listener =
        new java.util.concurrent.atomic.AtomicInteger();
    relay(
            "a",
            recordListenerPid(db.dataSource(), listener),
            transport(),
            s -> s.pollInterval(Duration.ofMinutes(1)))
        .start();
    EventEnvelope<?> before = event("blip", 1);
    commit(List.of(before));
    assertThat(read(1)).extracting(Delivered::eventId).containsExactly(before.eventId().toString());
    await().atMost(WAIT).until(() -> listener.get() != 0);
    int first = listener.get();
    Thread.sleep(500); // the workers go back to sleep on their partitions

    db.database().execute("SELECT pg_terminate_backend(" + first + ")");
    EventEnvelope<?> during = event("blip", 2);
    commit(List.of(during)); // nobody listens: this notification is lost

    List<Delivered> delivered =
        TopicReader.read(kafka.bootstrapServers(), topic, 2, Duration.ofSeconds(20));
    assertThat(delivered)
        .extracting(Delivered::eventId)
        .containsExactly(before.eventId().toString(), during.eventId().toString());
    assertThat(listener.get()).as("a new LISTEN connection").isNotEqualTo(first);
  }

  /** Records the backend pid of the connection that last ran {@code LISTEN}. */
  private static javax.sql.DataSource recordListenerPid(
      javax.sql.DataSource dataSource, java.util.concurrent.atomic.AtomicInteger pid) {
    ClassLoader loader = PostgresKafkaRelayIntegrationTests.class.getClassLoader();
    return wrapConnections(
        dataSource,
        connection ->
            (Connection)
                java.lang.reflect.Proxy.newProxyInstance(
                    loader,
                    new Class<?>[] {Connection.class},
                    (proxy, call, callArgs) -> {
                      Object value = invoke(call, connection, callArgs);
                      if (!call.getName().equals("createStatement")) {
                        return value;
                      }
                      java.sql.Statement statement = (java.sql.Statement) value;
                      return java.lang.reflect.Proxy.newProxyInstance(
                          loader,
                          new Class<?>[] {java.sql.Statement.class},
                          (stmt, run, runArgs) -> {
                            Object outcome = invoke(run, statement, runArgs);
                            if (run.getName().equals("execute")
                                && String.valueOf(runArgs[0]).startsWith("LISTEN ")) {
                              pid.set(
                                  connection
                                      .unwrap(org.postgresql.PGConnection.class)
                                      .getBackendPID());
                            }
                            return outcome;
                          });
                    }));
  }

  /** Runs {@code beforeArming} just before every arming statement is prepared. */
  private static javax.sql.DataSource interceptArming(
      javax.sql.DataSource dataSource, SqlAction beforeArming) {
    return beforePrepare(
        dataSource,
        (connection, sql) -> {
          if (sql.contains("pg_try_advisory_lock(")) {
            beforeArming.run();
          }
        });
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws Exception;
  }

  @Test
  void underAStreamOfWritesWritersStopNotifyingAndALoneEventAfterwardsStillWakesTheRelay()
      throws Exception {
    relay("a", s -> s.workers(1).pollingAbove(1).pollInterval(Duration.ofMinutes(1))).start();
    // warm-up: with a one-minute poll, this event is delivered only if the worker slept armed and
    // its writer notified it; afterwards the worker is asleep and armed again
    commit(List.of(event("warm-up", 1)));
    TopicReader.read(kafka.bootstrapServers(), topic, 1, Duration.ofSeconds(15));
    await().atMost(WAIT).until(() -> unpublished() == 0);
    Thread.sleep(200);
    int commits = 0;
    int notified;
    try (Connection listener = db.dataSource().getConnection();
        java.sql.Statement listen = listener.createStatement()) {
      listen.execute("LISTEN " + PgNotifications.CHANNEL);
      org.postgresql.PGConnection pg = listener.unwrap(org.postgresql.PGConnection.class);
      long end = System.nanoTime() + 2_000_000_000L;
      while (System.nanoTime() < end) {
        commit(List.of(event("stream-" + commits % 50, commits / 50 + 1)));
        commits++;
      }
      int total = commits;
      await().atMost(WAIT).until(() -> unpublished() == 0);
      notified = 0;
      org.postgresql.PGNotification[] batch;
      while ((batch = pg.getNotifications(200)) != null && batch.length > 0) {
        for (org.postgresql.PGNotification notification : batch) {
          if (notification.getParameter().startsWith(db.database().name() + ":")) {
            notified++;
          }
        }
      }
      // a worker that stayed armed would have every one of these commits notify (one partition
      // per transaction); a busy one disarms after its claims that find rows
      assertThat(notified).as("notifications for %d commits", total).isLessThan(total);
    }

    Thread.sleep(300); // three empty claims, then the worker arms its partitions and sleeps
    EventEnvelope<?> lone = event("lone", 1);
    commit(List.of(lone));
    List<Delivered> delivered =
        TopicReader.read(kafka.bootstrapServers(), topic, commits + 2, Duration.ofSeconds(15));
    assertThat(delivered).extracting(Delivered::eventId).contains(lone.eventId().toString());
  }

  long deadRows() throws Exception {
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM eventline_outbox WHERE dead_at IS NOT NULL")) {
      row.next();
      return row.getLong(1);
    }
  }

  @org.junit.jupiter.api.Test
  void thePayloadColumnRefusesWhatIsNotJson() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                database()
                    .database()
                    .execute(
                        hostileInsert(
                            UUID.randomUUID().toString(), "j1", "NULL", "'{}'", "'{not json'")))
        .isInstanceOf(IllegalStateException.class);
  }
}

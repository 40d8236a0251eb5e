package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProjectionIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
    db.database().execute("CREATE TABLE note_counts (stream_id text PRIMARY KEY, notes int)");
  }

  /** Counts notes per stream; optionally fails once on a given note, or stalls on the first. */
  static final class Counter implements Projection {
    final AtomicBoolean failOnce = new AtomicBoolean();
    final String failOn;
    final long stallMillis;
    final AtomicBoolean stallOnce = new AtomicBoolean(true);

    Counter(String failOn, long stallMillis) {
      this.failOn = failOn;
      this.stallMillis = stallMillis;
      failOnce.set(failOn != null);
    }

    @Override
    public void apply(Connection tx, RecordedEvent event) throws SQLException {
      if (stallMillis > 0 && stallOnce.getAndSet(false)) {
        sleep(stallMillis);
      }
      try (PreparedStatement upsert =
          tx.prepareStatement(
              "INSERT INTO note_counts VALUES (?, 1) ON CONFLICT (stream_id)"
                  + " DO UPDATE SET notes = note_counts.notes + 1")) {
        upsert.setString(1, event.streamId());
        upsert.executeUpdate();
      }
      if (SubscriptionIntegrationTests.text(event).equals(failOn) && failOnce.getAndSet(false)) {
        throw new SQLException("projection crashed on " + failOn + " (test)");
      }
    }

    @Override
    public void reset(Connection tx) throws SQLException {
      try (Statement delete = tx.createStatement()) {
        delete.execute("DELETE FROM note_counts");
      }
    }
  }

  @Test
  void aFailureMidBatchRollsBackTheBatchSoEveryEventCountsOnce() {
    store.append("once-1", ExpectedVersion.ANY, notes("once-1", "1", "2", "3", "4", "5"));
    try (Subscription s =
        store
            .subscription("once")
            .filter(FeedFilter.category("once"))
            .pollInterval(Duration.ofMillis(100))
            .projection(new Counter("4", 0))
            .start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> count("once-1") == 5 && s.isActive());
      sleep(300);
      assertThat(count("once-1")).isEqualTo(5);
    }
  }

  @Test
  void anOwnerPausedPastItsLeaseCannotCommitItsProjection() {
    store.append("fence-1", ExpectedVersion.ANY, notes("fence-1", "1", "2", "3"));
    Subscription paused =
        store
            .subscription("fence")
            .filter(FeedFilter.category("fence"))
            .instanceId("paused")
            .leaseDuration(Duration.ofMillis(900))
            .pollInterval(Duration.ofMillis(100))
            .projection(new Counter(null, 3000))
            .start();
    await().atMost(Duration.ofSeconds(10)).until(paused::isActive);
    Subscription healthy =
        store
            .subscription("fence")
            .filter(FeedFilter.category("fence"))
            .instanceId("healthy")
            .leaseDuration(Duration.ofMillis(900))
            .pollInterval(Duration.ofMillis(100))
            .projection(new Counter(null, 0))
            .start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(healthy::isActive);
      await().atMost(Duration.ofSeconds(30)).until(() -> count("fence-1") == 3);
      sleep(3500); // the paused owner wakes up and tries to commit its batch: refused
      assertThat(count("fence-1")).isEqualTo(3);
    } finally {
      paused.close();
      healthy.close();
    }
  }

  @Test
  void anOwnerWhoseLeaseChangedHandsWhileItWaitedReloadsTheCheckpoint() {
    store.append("handover-1", ExpectedVersion.ANY, notes("handover-1", "1", "2"));
    AtomicBoolean stall = new AtomicBoolean();
    AtomicBoolean resumed = new AtomicBoolean();
    Subscription paused =
        store
            .subscription("handover")
            .filter(FeedFilter.category("handover"))
            .instanceId("paused")
            .leaseDuration(Duration.ofMillis(900))
            .pollInterval(Duration.ofMillis(100))
            .projection(new Counter(null, 0))
            .onProgress(
                progress -> {
                  if (progress.caughtUp() && stall.getAndSet(false)) {
                    sleep(3000); // a pause between batches, past the lease
                    resumed.set(true);
                  }
                })
            .start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> count("handover-1") == 2);
      stall.set(true); // after the next event it stalls, between batches, past its lease
      store.append("handover-1", ExpectedVersion.ANY, notes("handover-1", "3"));
      await().atMost(Duration.ofSeconds(30)).until(() -> count("handover-1") == 3 && !stall.get());
      store.append("handover-1", ExpectedVersion.ANY, notes("handover-1", "4", "5"));
      try (Subscription healthy =
          store
              .subscription("handover")
              .filter(FeedFilter.category("handover"))
              .instanceId("healthy")
              .leaseDuration(Duration.ofMillis(900))
              .pollInterval(Duration.ofMillis(100))
              .projection(new Counter(null, 0))
              .start()) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("handover-1") == 5);
        assertThat(healthy.isActive()).isTrue();
      } // releases the lease: the paused instance can take it back
      await().atMost(Duration.ofSeconds(30)).until(resumed::get);
      await().atMost(Duration.ofSeconds(30)).until(paused::isActive);
      sleep(1000); // it renewed its lease (taken over and given back meanwhile) and read on
      assertThat(count("handover-1")).as("events 4 and 5 applied once").isEqualTo(5);
    } finally {
      paused.close();
    }
  }

  @Test
  void rebuildStartsFromZeroAndReportsProgress() {
    for (int i = 0; i < 5; i++) {
      store.append("rebuild-" + i, ExpectedVersion.ANY, notes("rebuild-" + i, "a", "b", "c", "d"));
    }
    List<Progress> progress = new CopyOnWriteArrayList<>();
    try (Subscription s =
        store
            .subscription("rebuild")
            .filter(FeedFilter.category("rebuild"))
            .batchSize(6)
            .pollInterval(Duration.ofMillis(100))
            .projection(new Counter(null, 0))
            .onProgress(progress::add)
            .start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> count("rebuild-4") == 4);
      db.database().execute("UPDATE note_counts SET notes = 99"); // a corrupted read model
      progress.clear();

      Progress done = s.rebuild().join();

      assertThat(done.processed()).isEqualTo(20);
      assertThat(done.total()).isEqualTo(20);
      assertThat(done.caughtUp()).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(count("rebuild-" + i)).isEqualTo(4);
      }
      assertThat(progress)
          .filteredOn(p -> !p.caughtUp())
          .extracting(Progress::processed)
          .containsExactly(6L, 12L, 18L, 20L);
      assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(20));
    }
  }

  private static long count(String stream) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT coalesce(sum(notes), 0) FROM note_counts WHERE stream_id = ?")) {
      q.setString(1, stream);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

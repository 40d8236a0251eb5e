package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hard delete racing writers of the same stream leaves nothing of the stream behind. */
class HardDeleteIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
  }

  @Test
  void aHardDeleteWaitsForAnAppendInFlightAndErasesItsEventToo() throws Exception {
    store.append("race-1", ExpectedVersion.NO_STREAM, notes("race-1", "first"));
    CompletableFuture<Void> erase;
    try (Connection caller = db.dataSource().getConnection()) {
      caller.setAutoCommit(false);
      // an append that read the stream before the tombstone and has not committed yet
      store.append(caller, "race-1", ExpectedVersion.exactly(1), notes("race-1", "in flight"));
      erase = CompletableFuture.runAsync(() -> store.hardDelete("race-1"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(HardDeleteIntegrationTests::aHardDeleteWaitsForALock);
      assertThat(erase).isNotDone();
      caller.commit();
    }
    erase.get(10, TimeUnit.SECONDS);

    assertThat(rows("eventline_events", "race-1")).isZero();
    assertThat(store.streamInfo("race-1").orElseThrow().hardDeleted()).isTrue();
    assertThatThrownBy(() -> store.append("race-1", ExpectedVersion.ANY, notes("race-1", "after")))
        .isInstanceOf(StreamDeletedException.class);
  }

  @Test
  void aHardDeleteGivesUpOnAnAppendThatStaysOpenAndErasesNothing() throws Exception {
    store.append("race-2", ExpectedVersion.NO_STREAM, notes("race-2", "kept"));
    try (Connection caller = db.dataSource().getConnection()) {
      caller.setAutoCommit(false);
      store.append(caller, "other-2", ExpectedVersion.NO_STREAM, notes("other-2", "open"));
      long started = System.nanoTime();
      assertThatThrownBy(() -> store.hardDelete("race-2"))
          .isInstanceOf(EventStoreException.class)
          .hasMessageContaining("'race-2'")
          .hasMessageContaining("nothing was erased")
          .hasMessageContaining("Retry");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(StreamAdmin.HARD_DELETE_LOCK_WAIT_MILLIS));
      caller.commit();
    }
    assertThat(rows("eventline_events", "race-2")).isEqualTo(1);
    assertThat(store.streamInfo("race-2").map(StreamInfo::hardDeleted).orElse(false)).isFalse();

    store.hardDelete("race-2"); // nothing in flight now
    assertThat(rows("eventline_events", "race-2")).isZero();
  }

  @Test
  void noSnapshotIsSavedForAHardDeletedStream() throws SQLException {
    store.append("race-3", ExpectedVersion.NO_STREAM, notes("race-3", "a", "b"));
    Snapshots<String> snapshots = new Snapshots<>((PostgresEventStore) store, String.class, 1);
    snapshots.save(new Aggregate<>("race-3", "state before", 2, 0));
    assertThat(rows("eventline_snapshots", "race-3")).isEqualTo(1);

    store.hardDelete("race-3");
    assertThat(rows("eventline_snapshots", "race-3")).isZero();
    // a writer that loaded the aggregate before the erase saves its snapshot after it
    snapshots.save(new Aggregate<>("race-3", "state after", 3, 0));
    assertThat(rows("eventline_snapshots", "race-3")).isZero();
  }

  private static boolean aHardDeleteWaitsForALock() throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'LOCK TABLE eventline_events%'"
                    + " AND datname = current_database()")) {
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1) > 0;
      }
    }
  }

  private static long rows(String table, String streamId) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE stream_id = ?")) {
      query.setString(1, streamId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}

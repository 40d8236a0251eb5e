package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The append hook (where the outbox plugs in) commits or rolls back with the events. */
class AppendHookIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static final AtomicBoolean failHook = new AtomicBoolean();
  static final AtomicInteger calls = new AtomicInteger();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    TestEvents.store(db);
    db.database()
        .execute(
            "CREATE TABLE side_outbox (event_id uuid PRIMARY KEY, stream_id text, stream_version bigint)");
    store =
        EventStore.builder(db.dataSource())
            .onAppend(
                (connection, events) -> {
                  calls.incrementAndGet();
                  try (PreparedStatement insert =
                      connection.prepareStatement("INSERT INTO side_outbox VALUES (?, ?, ?)")) {
                    for (RecordedEvent event : events) {
                      insert.setObject(1, event.envelope().eventId());
                      insert.setString(2, event.streamId());
                      insert.setLong(3, event.streamVersion());
                      insert.executeUpdate();
                    }
                  }
                  if (failHook.get()) {
                    throw new SQLException("the outbox is full (test)");
                  }
                })
            .build();
  }

  @BeforeEach
  void reset() {
    failHook.set(false);
    calls.set(0);
  }

  @Test
  void committedAppendWritesBoth() {
    var events = notes("hook-1", "a", "b");
    store.append("hook-1", ExpectedVersion.NO_STREAM, events);
    assertThat(count("hook-1")).isEqualTo(2);
    assertThat(sideRows("hook-1")).isEqualTo(2);

    // a replayed append writes nothing and does not call the hook again
    assertThat(store.append("hook-1", ExpectedVersion.NO_STREAM, events).replayed()).isTrue();
    assertThat(calls.get()).isEqualTo(1);
    assertThat(sideRows("hook-1")).isEqualTo(2);
  }

  @Test
  void aFailingHookRollsBackTheEvents() {
    failHook.set(true);
    assertThatThrownBy(
            () -> store.append("hook-2", ExpectedVersion.NO_STREAM, notes("hook-2", "a")))
        .hasMessageContaining("the outbox is full");
    assertThat(count("hook-2")).isZero();
    assertThat(store.streamInfo("hook-2")).isEmpty();
    assertThat(sideRows("hook-2")).isZero();
  }

  @Test
  void theCallersRollbackUndoesBoth() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, "hook-3", ExpectedVersion.NO_STREAM, notes("hook-3", "a"));
      assertThat(calls.get()).isEqualTo(1);
      c.rollback();
    }
    assertThat(count("hook-3")).isZero();
    assertThat(sideRows("hook-3")).isZero();

    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, "hook-3", ExpectedVersion.NO_STREAM, notes("hook-3", "a"));
      c.commit();
    }
    assertThat(count("hook-3")).isEqualTo(1);
    assertThat(sideRows("hook-3")).isEqualTo(1);
  }

  private static long count(String stream) {
    return store.readStreamForward(stream, 1, 100).size();
  }

  private static long sideRows(String stream) {
    return query("SELECT count(*) FROM side_outbox WHERE stream_id = '" + stream + "'");
  }

  private static long query(String sql) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static io.eventline.eventstore.TestEvents.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A transaction that took its id early and appends to a stream after a younger transaction appended
 * to it and committed would sort before that event in the feed; the append is refused.
 */
class TransactionOrderIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
    db.database().execute("CREATE TABLE side_writes (note text)");
  }

  @Test
  void anOlderTransactionCannotAppendAfterAYoungerOneAndSucceedsOnRetry() throws Exception {
    try (Connection a = db.dataSource().getConnection();
        Connection b = db.dataSource().getConnection()) {
      a.setAutoCommit(false);
      try (Statement early = a.createStatement()) {
        early.execute("INSERT INTO side_writes VALUES ('A takes its transaction id here')");
      }
      b.setAutoCommit(false);
      AppendResult v1 =
          store.append(b, "order-7", ExpectedVersion.NO_STREAM, notes("order-7", "v1"));
      b.commit();

      assertThatThrownBy(
              () -> store.append(a, "order-7", ExpectedVersion.exactly(1), notes("order-7", "v2")))
          .isInstanceOfSatisfying(
              TransactionOrderException.class,
              e -> {
                assertThat(e).isInstanceOf(ConcurrencyConflictException.class);
                assertThat(e.streamId()).isEqualTo("order-7");
                assertThat(e.ownTransactionId()).isLessThan(e.streamTransactionId());
                assertThat(e.streamTransactionId()).isEqualTo(v1.transactionId());
              })
          .hasMessageContaining("'order-7'")
          .hasMessageContaining("new transaction");
      a.rollback();

      AppendResult v2 =
          store.append(a, "order-7", ExpectedVersion.exactly(1), notes("order-7", "v2"));
      a.commit();
      assertThat(v2.transactionId()).isGreaterThan(v1.transactionId());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        texts(store.readFeed(FeedFilter.category("order"), Checkpoint.START, 10)))
                    .containsExactly("v1", "v2"));
  }

  @Test
  void appendingTwiceToOneStreamInOneTransactionIsFine() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      store.append(c, "twice-1", ExpectedVersion.NO_STREAM, notes("twice-1", "1"));
      store.append(c, "twice-1", ExpectedVersion.exactly(1), notes("twice-1", "2"));
      c.commit();
    }
    assertThat(texts(store.readStreamForward("twice-1", 1, 10))).containsExactly("1", "2");
  }

  @Test
  void theCallersConnectionMustBeInATransaction() throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      assertThatThrownBy(() -> store.append(c, "auto-1", ExpectedVersion.ANY, notes("auto-1", "x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("auto-commit off");
    }
  }
}

package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.InboxResult.Outcome;
import io.eventline.testkit.DatabaseExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresInboxIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  @Nested
  class Dedupe extends InboxDedupeContract {
    @Override
    DatabaseExtension database() {
      return db;
    }
  }

  @Nested
  class DeadLetters extends InboxDeadLetterContract {
    @Override
    DatabaseExtension database() {
      return db;
    }
  }

  @Nested
  class GuardAndRetention extends InboxGuardRetentionContract {
    @Override
    DatabaseExtension database() {
      return db;
    }
  }

  /**
   * PostgreSQL specifics: the duplicate's plain INSERT is a lock wait on the first transaction's id
   * (it sees the uncommitted index entry and waits for that transaction), not a busy retry and not
   * a second run; and the batch's {@code ON CONFLICT DO NOTHING} waits the same way.
   */
  @Nested
  class LockWaits extends InboxFixture {
    @Override
    DatabaseExtension database() {
      return db;
    }

    @Test
    void theDuplicateWaitsOnTheFirstTransactionsLock() throws Exception {
      assertWaitsOnTheMark(false);
    }

    @Test
    void aBatchWithTheDuplicateWaitsOnTheSameLock() throws Exception {
      assertWaitsOnTheMark(true);
    }

    private void assertWaitsOnTheMark(boolean batched) throws Exception {
      EventEnvelope<Map<String, Object>> placed = event(batched ? "lw-batch" : "lw-single");
      CountDownLatch inside = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<InboxResult> first =
          threads.submit(
              () ->
                  inbox.handle(
                      CONSUMER,
                      placed,
                      (event, context) -> {
                        effect(context, event.eventId(), "first");
                        inside.countDown();
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                      }));
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      Recording<Map<String, Object>> second = new Recording<>();
      Future<Outcome> duplicate =
          threads.submit(
              () ->
                  batched
                      ? inbox
                          .handleBatch(CONSUMER, java.util.List.of(placed), second)
                          .get(0)
                          .outcome()
                      : inbox.handle(CONSUMER, placed, second).outcome());

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  count(
                          "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid"
                              + " WHERE a.datname = current_database() AND a.wait_event_type ="
                              + " 'Lock' AND l.locktype = 'transactionid' AND NOT l.granted"
                              + " AND a.query LIKE 'INSERT INTO eventline_inbox%'")
                      == 1);
      assertThat(duplicate.isDone()).isFalse();
      release.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
      assertThat(duplicate.get(30, TimeUnit.SECONDS)).isEqualTo(Outcome.DUPLICATE);
      assertThat(second.calls).hasValue(0);
      assertThat(effects(placed.eventId())).isEqualTo(1);
    }
  }
}

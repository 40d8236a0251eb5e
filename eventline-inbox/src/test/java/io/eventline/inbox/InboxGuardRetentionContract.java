package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.InboxResult.OrderCheck;
import io.eventline.inbox.InboxResult.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ordering guard and the retention of marks. */
@Timeout(120)
abstract class InboxGuardRetentionContract extends InboxFixture {

  @Test
  void theGuardCountsGapsAndOlderEventsAndProcessesThemWhenToldTo() throws Exception {
    Inbox guarded = inbox(b -> b.orderingGuard(OrderingGuard.processAndCount()));
    Recording<Map<String, Object>> handler = new Recording<>();
    List<InboxResult> results = new ArrayList<>();

    for (long version : new long[] {1, 2, 4, 3}) {
      results.add(guarded.handle(CONSUMER, event("g1", version), handler));
    }
    results.add(guarded.handle(CONSUMER, event("g1", null), handler));

    assertOutcomes(
        results,
        Outcome.PROCESSED,
        Outcome.PROCESSED,
        Outcome.PROCESSED,
        Outcome.PROCESSED,
        Outcome.PROCESSED);
    assertThat(results)
        .extracting(InboxResult::order)
        .containsExactly(
            OrderCheck.FIRST,
            OrderCheck.IN_ORDER,
            OrderCheck.GAP,
            OrderCheck.OLDER,
            OrderCheck.NOT_CHECKED);
    assertThat(guarded.stats(CONSUMER).gaps()).isEqualTo(1);
    assertThat(guarded.stats(CONSUMER).older()).isEqualTo(1);
    assertThat(lastVersion("g1")).isEqualTo(4);
    assertThat(handler.calls).hasValue(5);
  }

  @Test
  void theGuardParksAnEventAfterAGapUntilAnOperatorReplaysIt() throws Exception {
    Inbox guarded = inbox(b -> b.orderingGuard(OrderingGuard.park()));
    Recording<Map<String, Object>> handler = new Recording<>();
    EventEnvelope<Map<String, Object>> fourth = event("g2", 4L);

    guarded.handle(CONSUMER, event("g2", 1L), handler);
    guarded.handle(CONSUMER, event("g2", 2L), handler);
    InboxResult parked = guarded.handle(CONSUMER, fourth, handler);

    assertThat(parked.outcome()).isEqualTo(Outcome.PARKED);
    assertThat(parked.order()).isEqualTo(OrderCheck.GAP);
    assertThat(effects(fourth.eventId())).isZero();
    DeadLetter letter = admin.dead(CONSUMER, 10).get(0);
    assertThat(letter.kind()).isEqualTo(DeadLetter.Kind.PARKED);
    assertThat(letter.error())
        .contains("last handled at version 2")
        .contains("version 3 is missing")
        .contains("eventline inbox replay " + fourth.eventId());
    assertThat(guarded.handle(CONSUMER, fourth, handler).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(guarded.stats(CONSUMER).parked()).isEqualTo(1);

    assertThat(guarded.handle(CONSUMER, event("g2", 3L), handler).order())
        .isEqualTo(OrderCheck.IN_ORDER);
    admin.replay(fourth.eventId());
    assertOutcomes(guarded.replayRequested(CONSUMER, new Recording<>(), 10), Outcome.PROCESSED);
    assertThat(effects(fourth.eventId())).isEqualTo(1);
    assertThat(lastVersion("g2")).isEqualTo(4);
    assertThat(guarded.handle(CONSUMER, event("g2", 5L), handler).order())
        .isEqualTo(OrderCheck.IN_ORDER);
  }

  @Test
  void theGuardParksAnOlderEvent() throws Exception {
    Inbox guarded = inbox(b -> b.orderingGuard(OrderingGuard.park()));
    Recording<Map<String, Object>> handler = new Recording<>();
    guarded.handle(CONSUMER, event("g3", 5L), handler);

    InboxResult late = guarded.handle(CONSUMER, event("g3", 5L), handler);

    assertThat(late.outcome()).isEqualTo(Outcome.PARKED);
    assertThat(late.order()).isEqualTo(OrderCheck.OLDER);
    assertThat(admin.dead(CONSUMER, 10).get(0).error()).contains("older than what was handled");
    assertThat(handler.calls).hasValue(1);
  }

  @Test
  void purgeDeletesMarksOlderThanTheWindowInBatchesAndKeepsTheRest() throws Exception {
    io.eventline.testkit.UpdateCounts deletes =
        io.eventline.testkit.UpdateCounts.of(
            database().dataSource(),
            statement -> statement.startsWith("DELETE FROM eventline_inbox WHERE"));
    Inbox windowed =
        inbox(
            deletes.dataSource(),
            b -> b.dedupeWindow(Duration.ofDays(2)).longestRedelivery(Duration.ofDays(1)));
    List<EventEnvelope<Map<String, Object>>> old = new ArrayList<>();
    for (int i = 0; i < 2_100; i++) {
      old.add(event("p" + i));
    }
    for (int from = 0; from < old.size(); from += 500) {
      windowed.handleBatch(
          CONSUMER, old.subList(from, Math.min(old.size(), from + 500)), (e, c) -> {});
    }
    EventEnvelope<Map<String, Object>> dead = event("p-dead");
    windowed.process(
        CONSUMER,
        dead,
        (e, c) -> {
          throw new RejectedEventException("kept while dead");
        });
    windowed.handle("other", event("p-other"), (e, c) -> {});
    clock.advance(Duration.ofDays(1));
    EventEnvelope<Map<String, Object>> recent = event("p-recent");
    windowed.handle(CONSUMER, recent, (e, c) -> {});
    clock.advance(Duration.ofDays(1).plusMinutes(1));

    long purged = 0;
    for (long round = windowed.purge(CONSUMER); round > 0; round = windowed.purge(CONSUMER)) {
      purged += round; // a run stops after about a second; a slow machine needs more runs
    }

    assertThat(purged).isEqualTo(2_100);
    assertThat(windowed.stats(CONSUMER).purged()).isEqualTo(2_100);
    // in batches, never one unbounded DELETE: 1,000 + 1,000 + 100 marks
    assertThat(deletes.counts()).allSatisfy(rows -> assertThat(rows).isBetween(0, 1_000));
    assertThat(deletes.counts().stream().filter(rows -> rows == 1_000)).hasSize(2);
    assertThat(marks()).isEqualTo(3); // the recent one, the dead one, the other consumer's
    assertThat(windowed.handle(CONSUMER, recent, (e, c) -> {}).outcome())
        .isEqualTo(Outcome.DUPLICATE);
    assertThat(windowed.handle(CONSUMER, dead, (e, c) -> {}).outcome())
        .isEqualTo(Outcome.DUPLICATE);
    // the hazard the window guards against: a redelivery after its mark was purged runs again
    assertThat(windowed.handle(CONSUMER, old.get(0), (e, c) -> {}).outcome())
        .isEqualTo(Outcome.PROCESSED);
  }

  long lastVersion(String aggregateId) throws Exception {
    try (Connection connection = database().dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_version FROM eventline_inbox_aggregate WHERE aggregate_id = ?")) {
      select.setString(1, aggregateId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : -1;
      }
    }
  }
}

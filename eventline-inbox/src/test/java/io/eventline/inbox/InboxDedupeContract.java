package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.InboxResult.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Insert-first dedupe, sequential and concurrent, single and batched, with follow-up events. */
@Timeout(120)
abstract class InboxDedupeContract extends InboxFixture {

  @Test
  void sameEventDeliveredThreeTimesRunsTheHandlerOnce() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("42");
    Recording<Map<String, Object>> handler = new Recording<>();

    List<InboxResult> results = new ArrayList<>();
    for (int delivery = 0; delivery < 3; delivery++) {
      results.add(inbox.handle(CONSUMER, placed, handler));
    }

    assertOutcomes(results, Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.DUPLICATE);
    assertThat(handler.calls).hasValue(1);
    assertThat(effects(placed.eventId())).isEqualTo(1);
    assertThat(inbox.stats(CONSUMER).processed()).isEqualTo(1);
    assertThat(inbox.stats(CONSUMER).duplicates()).isEqualTo(2);
  }

  @Test
  void consumersDedupeIndependently() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("43");
    Recording<Map<String, Object>> handler = new Recording<>();

    assertThat(inbox.handle("payments", placed, handler).outcome()).isEqualTo(Outcome.PROCESSED);
    assertThat(inbox.handle("shipping", placed, handler).outcome()).isEqualTo(Outcome.PROCESSED);
    assertThat(inbox.handle("shipping", placed, handler).outcome()).isEqualTo(Outcome.DUPLICATE);

    assertThat(effects(placed.eventId())).isEqualTo(2);
  }

  @Test
  void aFailedAttemptLeavesNeitherMarkNorWrites() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("44");

    InboxResult failed =
        inbox.handle(
            CONSUMER,
            placed,
            (event, context) -> {
              effect(context, event.eventId(), "half done");
              throw new IllegalStateException("ledger is down");
            });

    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.isSettled()).isFalse();
    assertThat(failed.isPermanentFailure()).isFalse();
    assertThat(failed.error()).hasMessage("ledger is down");
    assertThat(marks()).isZero();
    assertThat(effects(placed.eventId())).isZero();

    Recording<Map<String, Object>> handler = new Recording<>();
    assertThat(inbox.handle(CONSUMER, placed, handler).outcome()).isEqualTo(Outcome.PROCESSED);
    assertThat(effects(placed.eventId())).isEqualTo(1);
  }

  @Test
  void aConcurrentDuplicateWaitsForTheFirstAndIsDroppedWhenItCommits() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("45");
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
    Future<InboxResult> duplicate = threads.submit(() -> inbox.handle(CONSUMER, placed, second));
    Thread.sleep(700);
    boolean finishedWhileFirstWasOpen = duplicate.isDone();
    release.countDown();

    assertThat(finishedWhileFirstWasOpen).as("the duplicate waited on the mark").isFalse();
    assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
    assertThat(duplicate.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(second.calls).hasValue(0);
    assertThat(effects(placed.eventId())).isEqualTo(1);
  }

  @Test
  void aConcurrentDuplicateRunsWhenTheFirstRollsBack() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("46");
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
                      throw new IllegalStateException("first attempt fails");
                    }));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    Recording<Map<String, Object>> second = new Recording<>();
    Future<InboxResult> retry = threads.submit(() -> inbox.handle(CONSUMER, placed, second));
    Thread.sleep(700);
    assertThat(retry.isDone()).as("the second delivery waited on the mark").isFalse();

    release.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(retry.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
    assertThat(second.calls).hasValue(1);
    assertThat(effects(placed.eventId())).isEqualTo(1);
  }

  @Test
  void aBatchCommitsItsMarksAndWritesTogetherAndDropsDuplicates() throws Exception {
    EventEnvelope<Map<String, Object>> seenBefore = event("b1");
    inbox.handle(CONSUMER, seenBefore, new Recording<>());
    EventEnvelope<Map<String, Object>> a = event("b2");
    EventEnvelope<Map<String, Object>> b = event("b3");
    Recording<Map<String, Object>> handler = new Recording<>();

    List<InboxResult> results = inbox.handleBatch(CONSUMER, List.of(a, seenBefore, b, a), handler);

    assertOutcomes(
        results, Outcome.PROCESSED, Outcome.DUPLICATE, Outcome.PROCESSED, Outcome.DUPLICATE);
    assertThat(handler.calls).hasValue(2);
    assertThat(effects(a.eventId())).isEqualTo(1);
    assertThat(effects(b.eventId())).isEqualTo(1);
    assertThat(effects(seenBefore.eventId())).isEqualTo(1);
    assertThat(marks()).isEqualTo(3);
  }

  @Test
  void aFailingBatchRollsBackEveryEventAndNamesTheCulprit() throws Exception {
    List<EventEnvelope<Map<String, Object>>> batch = List.of(event("c1"), event("c2"), event("c3"));

    List<InboxResult> results =
        inbox.handleBatch(
            CONSUMER,
            batch,
            (event, context) -> {
              effect(context, event.eventId(), "ran");
              if (event.aggregateId().equals("c2")) {
                throw new IllegalStateException("c2 cannot be applied");
              }
            });

    assertOutcomes(results, Outcome.FAILED, Outcome.FAILED, Outcome.FAILED);
    assertThat(results.get(1).error()).hasMessage("c2 cannot be applied");
    assertThat(results.get(0).error().getMessage())
        .contains("rolled back with its batch")
        .contains(batch.get(1).eventId().toString());
    assertThat(marks()).isZero();
    assertThat(count("SELECT count(*) FROM inbox_effects")).isZero();
  }

  @Test
  void aBatchWaitsForAConcurrentHolderOfOneOfItsMarks() throws Exception {
    EventEnvelope<Map<String, Object>> shared = event("d1");
    EventEnvelope<Map<String, Object>> own = event("d2");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<InboxResult> single =
        threads.submit(
            () ->
                inbox.handle(
                    CONSUMER,
                    shared,
                    (event, context) -> {
                      effect(context, event.eventId(), "single");
                      inside.countDown();
                      assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                    }));
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    Recording<Map<String, Object>> handler = new Recording<>();
    Future<List<InboxResult>> batch =
        threads.submit(() -> inbox.handleBatch(CONSUMER, List.of(own, shared), handler));
    Thread.sleep(700);
    boolean finishedWhileHeld = batch.isDone();
    release.countDown();

    assertThat(finishedWhileHeld).as("the batch waited on the held mark").isFalse();
    assertThat(single.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
    assertOutcomes(batch.get(30, TimeUnit.SECONDS), Outcome.PROCESSED, Outcome.DUPLICATE);
    assertThat(effects(shared.eventId())).isEqualTo(1);
    assertThat(effects(own.eventId())).isEqualTo(1);
  }

  @Test
  void concurrentBatchesOverTheSameEventsRunEachHandlerOnce() throws Exception {
    List<EventEnvelope<Map<String, Object>>> all = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      all.add(event("e" + i));
    }
    Recording<Map<String, Object>> handler = new Recording<>();
    List<Future<Integer>> workers = new ArrayList<>();
    for (int worker = 0; worker < 4; worker++) {
      List<EventEnvelope<Map<String, Object>>> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, new Random(worker));
      workers.add(threads.submit(() -> deliverInBatches(shuffled, handler)));
    }
    int processed = 0;
    for (Future<Integer> worker : workers) {
      processed += worker.get(90, TimeUnit.SECONDS);
    }

    assertThat(processed).isEqualTo(all.size());
    assertThat(handler.calls).hasValue(all.size());
    try (Connection connection = database().dataSource().getConnection();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT count(*), count(DISTINCT event_id) FROM inbox_effects")) {
      rows.next();
      assertThat(rows.getLong(1)).isEqualTo(all.size());
      assertThat(rows.getLong(2)).isEqualTo(all.size());
    }
  }

  private int deliverInBatches(
      List<EventEnvelope<Map<String, Object>>> events, Recording<Map<String, Object>> handler) {
    int processed = 0;
    for (int from = 0; from < events.size(); from += 15) {
      List<EventEnvelope<Map<String, Object>>> batch =
          events.subList(from, Math.min(events.size(), from + 15));
      List<InboxResult> results = inbox.handleBatch(CONSUMER, batch, handler);
      for (int i = 0; i < batch.size(); i++) {
        InboxResult result = results.get(i);
        while (!result.isSettled()) {
          result = inbox.handle(CONSUMER, batch.get(i), handler);
        }
        processed += result.outcome() == Outcome.PROCESSED ? 1 : 0;
      }
    }
    return processed;
  }

  @Test
  void followUpEventsCommitWithTheMarkAndCarryTheCause() throws Exception {
    EventEnvelope<Map<String, Object>> placed = event("47");

    InboxResult result =
        inbox.handle(
            CONSUMER,
            placed,
            (event, context) ->
                context.emit(
                    context
                        .events()
                        .event("payment.processed", "payment", "p-47", Map.of("paid", true))));
    inbox.handle(
        CONSUMER,
        event("48"),
        (event, context) -> {
          context.emit(context.events().event("payment.processed", "payment", "p-48", "x"));
          throw new IllegalStateException("roll back the follow-up too");
        });

    assertThat(result.outcome()).isEqualTo(Outcome.PROCESSED);
    assertThat(count("SELECT count(*) FROM eventline_outbox")).isEqualTo(1);
    try (Connection connection = database().dataSource().getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery("SELECT aggregate_id, headers FROM eventline_outbox")) {
      row.next();
      assertThat(row.getString(1)).isEqualTo("p-47");
      assertThat(row.getString(2))
          .contains("\"causation_id\"")
          .contains(placed.eventId().toString())
          .contains(placed.correlationId());
    }
  }

  @Test
  void injectionShapedValuesAreStoredAsData() throws Exception {
    String hostile = "x'); DROP TABLE eventline_inbox; --";
    EventEnvelope<Map<String, Object>> placed = event(hostile);

    assertThat(inbox.handle(CONSUMER, placed, new Recording<>()).outcome())
        .isEqualTo(Outcome.PROCESSED);
    assertThat(count("SELECT count(*) FROM eventline_inbox WHERE aggregate_id = ?", hostile))
        .isEqualTo(1);
    assertThat(inbox.handle(CONSUMER, placed, new Recording<>()).outcome())
        .isEqualTo(Outcome.DUPLICATE);
  }
}

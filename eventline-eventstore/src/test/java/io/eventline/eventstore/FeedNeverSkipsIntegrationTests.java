package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static io.eventline.eventstore.TestEvents.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.testkit.DatabaseExtension;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedNeverSkipsIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
  }

  @Test
  void aTransactionHeldOpenDelaysReadersAndIsNeverSkipped() throws Exception {
    TestEvents.awaitInFeed(
        store, store.append("early-1", ExpectedVersion.ANY, notes("early-1", "early")));
    List<RecordedEvent> seen = new ArrayList<>(drain(Checkpoint.START));
    assertThat(texts(seen)).containsExactly("early");

    try (Connection slow = db.dataSource().getConnection()) {
      slow.setAutoCommit(false);
      AppendResult held =
          store.append(slow, "slow-1", ExpectedVersion.ANY, notes("slow-1", "slow"));
      for (int i = 0; i < 5; i++) {
        store.append("fast-" + i, ExpectedVersion.ANY, notes("fast-" + i, "fast" + i));
      }
      // later transactions committed, but the feed holds them back behind the open one
      List<RecordedEvent> during = store.readFeed(FeedFilter.all(), last(seen), 100);
      assertThat(during).isEmpty();
      FeedDelay delay = store.feedDelay();
      assertThat(delay.heldBackEvents()).isGreaterThanOrEqualTo(5);
      assertThat(delay.transactionsInFlight()).isPositive();
      assertThat(delay.oldestTransactionAge()).isPositive();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      EventStoreMetrics.bind(store, registry, Tags.of("store", "test"), Duration.ZERO);
      assertThat(registry.get("eventline.eventstore.feed.held.back.events").gauge().value())
          .isGreaterThanOrEqualTo(5);
      assertThat(registry.get("eventline.eventstore.feed.oldest.transaction.age").gauge().value())
          .isPositive();

      // what a reader that trusts positions would have done: the slow event has the lower
      // position, so "position > last seen" would have skipped it
      long fastPosition = store.readStreamForward("fast-0", 1, 1).get(0).checkpoint().position();
      assertThat(held.lastPosition()).isLessThan(fastPosition);
      slow.commit();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<RecordedEvent> after = drain(last(seen));
              seen.addAll(after);
              assertThat(texts(seen))
                  .containsExactly("early", "slow", "fast0", "fast1", "fast2", "fast3", "fast4");
            });
    assertThat(seen).extracting(RecordedEvent::checkpoint).isSorted().doesNotHaveDuplicates();
  }

  /**
   * The category and event-type feeds hold back behind an open transaction as {@code $all} does.
   */
  @Test
  void filteredFeedsHoldBackBehindAHeldOpenTransactionToo() throws Exception {
    List<FeedFilter> filters =
        List.of(FeedFilter.category("held"), FeedFilter.eventType("held.noted"));
    try (Connection slow = db.dataSource().getConnection()) {
      slow.setAutoCommit(false);
      store.append(slow, "held-slow", ExpectedVersion.ANY, notes("held-slow", "slow"));
      for (int i = 0; i < 3; i++) {
        store.append("held-" + i, ExpectedVersion.ANY, notes("held-" + i, "fast" + i));
      }
      for (FeedFilter filter : filters) {
        assertThat(store.readFeed(filter, Checkpoint.START, 100)).as(filter.toString()).isEmpty();
      }
      slow.commit();
    }
    for (FeedFilter filter : filters) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(texts(drain(filter, Checkpoint.START)))
                      .as(filter.toString())
                      .containsExactly("slow", "fast0", "fast1", "fast2"));
    }
  }

  private static List<RecordedEvent> drain(FeedFilter filter, Checkpoint from) {
    List<RecordedEvent> out = new ArrayList<>();
    Checkpoint at = from;
    while (true) {
      List<RecordedEvent> page = store.readFeed(filter, at, 2);
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      at = last(page);
    }
  }

  private static List<RecordedEvent> drain(Checkpoint from) {
    List<RecordedEvent> out = new ArrayList<>();
    Checkpoint at = from;
    while (true) {
      List<RecordedEvent> page = store.readFeed(FeedFilter.all(), at, 2);
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      at = last(page);
    }
  }

  private static Checkpoint last(List<RecordedEvent> events) {
    return events.isEmpty() ? Checkpoint.START : events.get(events.size() - 1).checkpoint();
  }
}

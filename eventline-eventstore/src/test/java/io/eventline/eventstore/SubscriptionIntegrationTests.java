package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.testkit.DatabaseExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubscriptionIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
  }

  @Test
  void catchUpSwitchesToLiveWithoutGapOrDuplicateUnderConcurrentAppends() throws Exception {
    List<UUID> appended = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 60; i++) {
      appended.addAll(
          ids(
              store.append(
                  "seam-" + (i % 6), ExpectedVersion.ANY, notes("seam-" + (i % 6), "pre" + i))));
    }
    List<RecordedEvent> received = new CopyOnWriteArrayList<>();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try (Subscription subscription =
        store
            .subscription("seam")
            .filter(FeedFilter.category("seam"))
            .batchSize(7)
            .pollInterval(Duration.ofMillis(200))
            .handler(received::add)
            .start()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        done.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    String stream = "seam-" + writer + "x" + (i % 3);
                    var batch =
                        notes(stream, "live" + writer + ":" + i, "live" + writer + ":" + i + "b");
                    appended.addAll(
                        ids(
                            store.append(
                                stream, ExpectedVersion.ANY, batch.subList(0, 1 + i % 2))));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(received).hasSameSizeAs(appended));
      Thread.sleep(300);
      assertThat(received).hasSameSizeAs(appended);
      assertThat(subscription.isActive()).isTrue();
    } finally {
      writers.shutdownNow();
    }
    List<UUID> receivedIds = received.stream().map(e -> e.envelope().eventId()).toList();
    assertThat(receivedIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(appended);
    assertThat(received).extracting(RecordedEvent::checkpoint).isSorted();
    Map<String, Long> lastVersion = new HashMap<>();
    for (RecordedEvent event : received) {
      long previous = lastVersion.getOrDefault(event.streamId(), 0L);
      assertThat(event.streamVersion()).as("order of " + event.streamId()).isEqualTo(previous + 1);
      lastVersion.put(event.streamId(), event.streamVersion());
    }
  }

  @Test
  void checkpointsAreDurableAndANewInstanceResumesAfterThem() throws Exception {
    store.append("resume-1", ExpectedVersion.ANY, notes("resume-1", "a", "b"));
    List<String> first = new CopyOnWriteArrayList<>();
    try (Subscription s = start("resume", "resume", e -> first.add(text(e)))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> first.size() == 2 && s.isActive());
    }
    store.append("resume-1", ExpectedVersion.ANY, notes("resume-1", "c"));
    List<String> second = new CopyOnWriteArrayList<>();
    try (Subscription s = start("resume", "resume", e -> second.add(text(e)))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> second.size() == 1 && s.isActive());
      Thread.sleep(300);
    }
    assertThat(first).containsExactly("a", "b");
    assertThat(second).containsExactly("c");
  }

  @Test
  void competingInstancesHaveOneActiveOwnerAndFailOverWhenItDies() throws Exception {
    var pool = db.database().newPool("dying-instance", 4);
    EventStore dyingStore = EventStore.builder(pool).build();
    List<String> byA = new CopyOnWriteArrayList<>();
    List<String> byB = new CopyOnWriteArrayList<>();
    Subscription a =
        dyingStore
            .subscription("compete")
            .filter(FeedFilter.category("compete"))
            .instanceId("A")
            .leaseDuration(Duration.ofMillis(1500))
            .pollInterval(Duration.ofMillis(100))
            .handler(e -> byA.add(text(e)))
            .start();
    await().atMost(Duration.ofSeconds(10)).until(a::isActive);
    Subscription b =
        store
            .subscription("compete")
            .filter(FeedFilter.category("compete"))
            .instanceId("B")
            .leaseDuration(Duration.ofMillis(1500))
            .pollInterval(Duration.ofMillis(100))
            .handler(e -> byB.add(text(e)))
            .start();
    try {
      store.append("compete-1", ExpectedVersion.ANY, notes("compete-1", "1", "2"));
      await().atMost(Duration.ofSeconds(30)).until(() -> byA.size() == 2);
      for (int i = 0; i < 10; i++) {
        assertThat(a.isActive() && b.isActive()).as("two active owners").isFalse();
        Thread.sleep(100);
      }
      assertThat(b.isActive()).isFalse();
      assertThat(byB).isEmpty();

      pool.close(); // instance A dies: it can neither renew nor release its lease
      store.append("compete-1", ExpectedVersion.ANY, notes("compete-1", "3"));
      await().atMost(Duration.ofSeconds(30)).until(b::isActive);
      await().atMost(Duration.ofSeconds(30)).until(() -> byB.contains("3"));
      assertThat(byA).containsExactly("1", "2");
      assertThat(byB).containsExactly("3");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void anInactiveInstanceCannotRebuild() throws Exception {
    try (Subscription s = start("idle", "idle", e -> {})) {
      await().atMost(Duration.ofSeconds(10)).until(s::isActive);
      try (Subscription other =
          store
              .subscription("idle")
              .instanceId("second")
              .pollInterval(Duration.ofMillis(100))
              .handler(e -> {})
              .start()) {
        assertThat(other.rebuild())
            .failsWithin(Duration.ofSeconds(5))
            .withThrowableThat()
            .withMessageContaining("'second' is not the active instance");
      }
    }
  }

  private static Subscription start(String name, String category, EventHandler handler) {
    return store
        .subscription(name)
        .filter(FeedFilter.category(category))
        .pollInterval(Duration.ofMillis(100))
        .handler(handler)
        .start();
  }

  static String text(RecordedEvent event) {
    return event.payload(TestEvents.Note.class).text();
  }

  private static List<UUID> ids(AppendResult result) {
    List<RecordedEvent> events =
        store.readStreamForward(
            result.streamId(),
            result.firstVersion(),
            (int) (result.lastVersion() - result.firstVersion() + 1));
    Set<UUID> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.envelope().eventId()));
    return new ArrayList<>(ids);
  }
}

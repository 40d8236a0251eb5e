package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.DatabaseExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrentAppendIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static final int THREADS = 8;
  static EventStore store;
  static ExecutorService pool;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  @Test
  void eightWritersOfOneVersionOneWinsTheOthersGetTheException() throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<Object>> outcomes = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String text = "writer" + i;
      outcomes.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return store.append("race-1", ExpectedVersion.exactly(0), notes("race-1", text));
                } catch (WrongExpectedVersionException e) {
                  return e;
                }
              }));
    }
    List<Object> results = new ArrayList<>();
    for (Future<Object> outcome : outcomes) {
      results.add(outcome.get());
    }
    assertThat(results).filteredOn(AppendResult.class::isInstance).hasSize(1);
    assertThat(results)
        .filteredOn(WrongExpectedVersionException.class::isInstance)
        .hasSize(THREADS - 1)
        .allSatisfy(
            e -> {
              var conflict = (WrongExpectedVersionException) e;
              assertThat(conflict.streamId()).isEqualTo("race-1");
              assertThat(conflict.expected().value()).isZero();
              assertThat(conflict.actual()).isEqualTo(1);
            });
    assertThat(store.readStreamForward("race-1", 1, 10)).hasSize(1);
  }

  @Test
  void eightThreadsAppendingToOneStreamWriteEveryVersionOnce() throws Exception {
    int perThread = 25;
    AtomicInteger conflicts = new AtomicInteger();
    List<UUID> written = new CopyOnWriteArrayList<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perThread; ) {
                  List<RecordedEvent> last = store.readStreamBackward("hot-1", Long.MAX_VALUE, 1);
                  long version = last.isEmpty() ? 0 : last.get(0).streamVersion();
                  var event = notes("hot-1", thread + ":" + i);
                  try {
                    store.append("hot-1", ExpectedVersion.exactly(version), event);
                    written.add(event.get(0).eventId());
                    i++;
                  } catch (WrongExpectedVersionException e) {
                    conflicts.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    List<RecordedEvent> stream = store.readStreamForward("hot-1", 1, 10_000);
    assertThat(stream).hasSize(THREADS * perThread);
    assertThat(stream)
        .extracting(RecordedEvent::streamVersion)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, THREADS * perThread).boxed().toList());
    Set<UUID> stored = new HashSet<>();
    stream.forEach(e -> stored.add(e.envelope().eventId()));
    assertThat(stored).containsExactlyInAnyOrderElementsOf(written);
    assertThat(conflicts.get()).as("losers got WrongExpectedVersionException").isPositive();
    // the feed keeps the stream's order
    TestEvents.awaitInFeed(
        store,
        new AppendResult(
            "hot-1",
            0,
            0,
            stream.get(stream.size() - 1).checkpoint().transactionId(),
            0,
            stream.get(stream.size() - 1).checkpoint().position(),
            false));
    List<RecordedEvent> feed = store.readFeed(FeedFilter.category("hot"), Checkpoint.START, 10_000);
    assertThat(feed).hasSize(THREADS * perThread);
    assertThat(feed).extracting(RecordedEvent::streamVersion).isSorted();
  }

  /**
   * ANY passes always: concurrent writers of one stream with no expected version all succeed, each
   * append's events get contiguous versions, and the stream has no gap and no duplicate.
   */
  @Test
  void eightThreadsAppendingWithAnyAllSucceedWithContiguousVersions() throws Exception {
    int perThread = 25;
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<List<AppendResult>>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                List<AppendResult> results = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  results.add(
                      store.append(
                          "any-1",
                          ExpectedVersion.ANY,
                          notes("any-1", thread + ":" + i + "a", thread + ":" + i + "b")));
                }
                return results;
              }));
    }
    List<AppendResult> results = new ArrayList<>();
    for (Future<List<AppendResult>> f : done) {
      results.addAll(f.get());
    }
    int total = THREADS * perThread * 2;
    assertThat(results)
        .allSatisfy(r -> assertThat(r.lastVersion() - r.firstVersion()).isEqualTo(1));
    assertThat(results.stream().map(AppendResult::firstVersion).distinct()).hasSize(results.size());
    List<RecordedEvent> stream = store.readStreamForward("any-1", 1, 10_000);
    assertThat(stream)
        .extracting(RecordedEvent::streamVersion)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
    // each append's two events are adjacent, a before b
    for (int i = 0; i < total; i += 2) {
      String a = stream.get(i).payload(TestEvents.Note.class).text();
      String b = stream.get(i + 1).payload(TestEvents.Note.class).text();
      assertThat(a).endsWith("a");
      assertThat(b).isEqualTo(a.substring(0, a.length() - 1) + "b");
    }
  }
}

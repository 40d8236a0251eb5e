package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.note;
import static io.eventline.eventstore.TestEvents.notes;
import static io.eventline.eventstore.TestEvents.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.testkit.DatabaseExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppendAndReadIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore store;

  @BeforeAll
  static void createStore() {
    store = TestEvents.store(db);
  }

  @Test
  void expectedVersionsAreChecked() {
    AppendResult first = store.append("order-1", ExpectedVersion.NO_STREAM, notes("order-1", "a"));
    assertThat(first.firstVersion()).isEqualTo(1);
    assertThat(first.lastVersion()).isEqualTo(1);
    assertThat(first.replayed()).isFalse();

    store.append("order-1", ExpectedVersion.exactly(1), notes("order-1", "b", "c"));
    store.append("order-1", ExpectedVersion.STREAM_EXISTS, notes("order-1", "d"));
    AppendResult any = store.append("order-1", ExpectedVersion.ANY, notes("order-1", "e"));
    assertThat(any.lastVersion()).isEqualTo(5);

    assertThatThrownBy(
            () -> store.append("order-1", ExpectedVersion.exactly(3), notes("order-1", "x")))
        .isInstanceOfSatisfying(
            WrongExpectedVersionException.class,
            e -> {
              assertThat(e.streamId()).isEqualTo("order-1");
              assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(3));
              assertThat(e.actual()).isEqualTo(5);
            })
        .hasMessageContaining("'order-1'")
        .hasMessageContaining("expected version 3")
        .hasMessageContaining("at version 5");
    // ahead of the stream: refused, not written with a gap in the versions
    assertThatThrownBy(
            () -> store.append("order-1", ExpectedVersion.exactly(9), notes("order-1", "x")))
        .isInstanceOfSatisfying(
            WrongExpectedVersionException.class, e -> assertThat(e.actual()).isEqualTo(5));
    assertThatThrownBy(
            () -> store.append("order-1", ExpectedVersion.NO_STREAM, notes("order-1", "x")))
        .isInstanceOf(WrongExpectedVersionException.class)
        .hasMessageContaining("expected version NO_STREAM");
    assertThatThrownBy(
            () -> store.append("order-2", ExpectedVersion.STREAM_EXISTS, notes("order-2", "x")))
        .isInstanceOfSatisfying(
            WrongExpectedVersionException.class, e -> assertThat(e.actual()).isZero());
    assertThat(store.readStreamForward("order-1", 1, 100)).hasSize(5);
    assertThat(store.readStreamForward("order-2", 1, 100)).isEmpty();
  }

  @Test
  void readsStreamsForwardBackwardFromAVersionWithALimit() {
    store.append("cart-1", ExpectedVersion.NO_STREAM, notes("cart-1", "1", "2", "3", "4", "5"));

    assertThat(texts(store.readStreamForward("cart-1", 1, 100)))
        .containsExactly("1", "2", "3", "4", "5");
    assertThat(texts(store.readStreamForward("cart-1", 2, 2))).containsExactly("2", "3");
    assertThat(texts(store.readStreamBackward("cart-1", Long.MAX_VALUE, 2)))
        .containsExactly("5", "4");
    assertThat(texts(store.readStreamBackward("cart-1", 3, 100))).containsExactly("3", "2", "1");
    RecordedEvent third = store.readStreamForward("cart-1", 3, 1).get(0);
    assertThat(third.streamVersion()).isEqualTo(3);
    assertThat(third.envelope().aggregateVersion()).isEqualTo(3);
    assertThat(third.category()).isEqualTo("cart");
    assertThat(third.eventType()).isEqualTo("cart.noted");
  }

  @Test
  void multiEventAppendsAreAtomic() {
    var taken = note("stock-1", "taken");
    store.append("stock-1", ExpectedVersion.NO_STREAM, List.of(taken));

    var batch = List.of(note("stock-2", "ok"), taken);
    assertThatThrownBy(() -> store.append("stock-2", ExpectedVersion.NO_STREAM, batch))
        .isInstanceOfSatisfying(
            DuplicateEventIdException.class,
            e -> assertThat(e.eventId()).isEqualTo(taken.eventId()))
        .hasMessageContaining("'stock-2'");
    assertThat(store.readStreamForward("stock-2", 1, 10)).isEmpty();
    assertThat(store.streamInfo("stock-2")).isEmpty();
  }

  @Test
  void reAppendingTheSameEventIdsIsIdempotent() {
    var request = notes("pay-1", "a", "b");
    AppendResult original = store.append("pay-1", ExpectedVersion.NO_STREAM, request);
    var next = notes("pay-1", "c");
    AppendResult nextOriginal = store.append("pay-1", ExpectedVersion.exactly(2), next);

    AppendResult retried = store.append("pay-1", ExpectedVersion.NO_STREAM, request);
    assertThat(retried.replayed()).isTrue();
    AppendResult nextRetried = store.append("pay-1", ExpectedVersion.exactly(2), next);
    assertThat(nextRetried.replayed()).isTrue();
    assertThat(nextRetried)
        .usingRecursiveComparison()
        .ignoringFields("replayed")
        .isEqualTo(nextOriginal);
    assertThat(retried).usingRecursiveComparison().ignoringFields("replayed").isEqualTo(original);
    assertThat(store.append("pay-1", ExpectedVersion.ANY, request).replayed()).isTrue();
    assertThat(texts(store.readStreamForward("pay-1", 1, 10))).containsExactly("a", "b", "c");

    // the same ids under an expected version the original append could not have met
    assertThatThrownBy(() -> store.append("pay-1", ExpectedVersion.exactly(7), request))
        .isInstanceOf(WrongExpectedVersionException.class)
        .hasMessageContaining("another expected version");
    // part of the ids, or the ids in another stream: not the same request
    var partial = List.of(request.get(1), note("pay-1", "new"));
    assertThatThrownBy(() -> store.append("pay-1", ExpectedVersion.ANY, partial))
        .isInstanceOf(DuplicateEventIdException.class);
    assertThatThrownBy(() -> store.append("pay-2", ExpectedVersion.ANY, request))
        .isInstanceOf(DuplicateEventIdException.class);
    assertThat(texts(store.readStreamForward("pay-1", 1, 10))).containsExactly("a", "b", "c");
  }

  @Test
  void readsTheFeedByCategoryAndEventTypeFromACheckpoint() {
    store.append("alpha-1", ExpectedVersion.ANY, notes("alpha-1", "a1", "a2"));
    store.append("beta-1", ExpectedVersion.ANY, notes("beta-1", "b1"));
    TestEvents.awaitInFeed(
        store, store.append("alpha-2", ExpectedVersion.ANY, notes("alpha-2", "a3")));

    List<RecordedEvent> category =
        store.readFeed(FeedFilter.category("alpha"), Checkpoint.START, 10);
    assertThat(texts(category)).containsExactly("a1", "a2", "a3");
    assertThat(texts(store.readFeed(FeedFilter.eventType("beta.noted"), Checkpoint.START, 10)))
        .containsExactly("b1");
    assertThat(
            texts(store.readFeed(FeedFilter.category("alpha"), category.get(0).checkpoint(), 10)))
        .containsExactly("a2", "a3");
    assertThat(texts(store.readFeed(FeedFilter.category("alpha"), Checkpoint.START, 2)))
        .containsExactly("a1", "a2");

    List<RecordedEvent> all = store.readFeed(FeedFilter.all(), Checkpoint.START, 10_000);
    assertThat(all).extracting(RecordedEvent::checkpoint).isSorted();
    assertThat(texts(all)).containsSubsequence("a1", "a2", "b1", "a3");
  }

  @Test
  void metadataHidesEventsFromStreamReadsOnly() {
    TestEvents.awaitInFeed(
        store, store.append("meta-1", ExpectedVersion.ANY, notes("meta-1", "1", "2", "3")));
    store.setMetadata("meta-1", StreamMetadata.NONE.withTruncateBefore(3));
    assertThat(texts(store.readStreamForward("meta-1", 1, 10))).containsExactly("3");
    assertThat(store.streamInfo("meta-1").orElseThrow().metadata().truncateBefore()).isEqualTo(3);

    store.setMetadata("meta-1", StreamMetadata.NONE.withMaxAge(java.time.Duration.ofMillis(1)));
    sleep(20);
    assertThat(store.readStreamForward("meta-1", 1, 10)).isEmpty();
    assertThat(texts(store.readFeed(FeedFilter.category("meta"), Checkpoint.START, 10)))
        .containsExactly("1", "2", "3");

    assertThatThrownBy(() -> store.setMetadata("meta-none", StreamMetadata.NONE))
        .hasMessageContaining("'meta-none'")
        .hasMessageContaining("does not exist");
  }

  @Test
  void softDeleteHidesTheStreamUntilTheNextAppend() {
    store.append("soft-1", ExpectedVersion.ANY, notes("soft-1", "old1", "old2"));
    store.softDelete("soft-1");
    assertThat(store.readStreamForward("soft-1", 1, 10)).isEmpty();
    assertThat(store.streamInfo("soft-1").orElseThrow().softDeleted()).isTrue();

    AppendResult again = store.append("soft-1", ExpectedVersion.NO_STREAM, notes("soft-1", "new"));
    assertThat(again.firstVersion()).isEqualTo(3);
    assertThat(texts(store.readStreamForward("soft-1", 1, 10))).containsExactly("new");
    assertThat(store.streamInfo("soft-1").orElseThrow().softDeleted()).isFalse();
  }

  @Test
  void hardDeleteErasesEventsAndLeavesATombstone() {
    store.append("erase-1", ExpectedVersion.ANY, notes("erase-1", "secret1", "secret2"));
    store.hardDelete("erase-1");

    assertThat(store.readStreamForward("erase-1", 1, 10)).isEmpty();
    assertThat(store.readFeed(FeedFilter.category("erase"), Checkpoint.START, 10)).isEmpty();
    assertThat(store.streamInfo("erase-1").orElseThrow().hardDeleted()).isTrue();
    assertThatThrownBy(
            () -> store.append("erase-1", ExpectedVersion.ANY, notes("erase-1", "again")))
        .isInstanceOf(StreamDeletedException.class)
        .hasMessageContaining("'erase-1'")
        .hasMessageContaining("new stream id");
    assertThatThrownBy(
            () -> store.append("erase-1", ExpectedVersion.NO_STREAM, notes("erase-1", "again")))
        .isInstanceOf(StreamDeletedException.class);
    assertThatThrownBy(
            () -> store.append("erase-1", ExpectedVersion.exactly(0), notes("erase-1", "again")))
        .isInstanceOf(StreamDeletedException.class);
    assertThatThrownBy(
            () -> store.append("erase-1", ExpectedVersion.exactly(2), notes("erase-1", "again")))
        .isInstanceOf(StreamDeletedException.class);
    assertThat(store.readStreamForward("erase-1", 1, 10)).isEmpty();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> store.append(" ", ExpectedVersion.ANY, notes("x-1", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("streamId");
    assertThatThrownBy(() -> store.append("x-1", ExpectedVersion.ANY, List.of()))
        .hasMessageContaining("at least one event");
    var event = note("x-1", "a");
    assertThatThrownBy(() -> store.append("x-1", ExpectedVersion.ANY, List.of(event, event)))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> store.readStreamForward("x-1", 1, 0))
        .hasMessageContaining("limit must be >= 1 but was 0");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

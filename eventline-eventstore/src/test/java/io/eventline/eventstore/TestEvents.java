package io.eventline.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.IdGenerator;
import io.eventline.testkit.DatabaseExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Events and stores for tests. */
final class TestEvents {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
  static final EventFactory EVENTS = EventFactory.create(CLOCK, IdGenerator.uuidV7(CLOCK));

  record Note(String text) {}

  private TestEvents() {}

  static EventStore store(DatabaseExtension db) {
    return EventStore.builder(db.dataSource()).migrate(true).build();
  }

  static EventEnvelope<Note> note(String streamId, String text) {
    String category = Streams.category(streamId);
    return EVENTS.event(category + ".noted", category, streamId, new Note(text));
  }

  static List<EventEnvelope<Note>> notes(String streamId, String... texts) {
    List<EventEnvelope<Note>> events = new ArrayList<>();
    for (String text : texts) {
      events.add(note(streamId, text));
    }
    return events;
  }

  /**
   * Waits until {@code appended} shows in the global feed. Transactions are cluster-wide: any
   * transaction still open on the shared server, from another test run too, holds the feed back.
   */
  static void awaitInFeed(EventStore store, AppendResult appended) {
    Checkpoint before = new Checkpoint(appended.transactionId(), appended.lastPosition() - 1);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .pollInterval(java.time.Duration.ofMillis(20))
        .until(() -> !store.readFeed(FeedFilter.all(), before, 1).isEmpty());
  }

  static List<String> texts(List<RecordedEvent> events) {
    return events.stream().map(e -> e.payload(Note.class).text()).toList();
  }
}

package io.eventline.bench.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.eventstore.AggregateStore;
import io.eventline.eventstore.Checkpoint;
import io.eventline.eventstore.Decider;
import io.eventline.eventstore.EventMapping;
import io.eventline.eventstore.EventStore;
import io.eventline.eventstore.ExpectedVersion;
import io.eventline.eventstore.FeedFilter;
import io.eventline.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Eventline's event store, as an application would use it. */
final class EventlineContender implements Contender {
  private final EventStore store;
  private final EventFactory events = EventFactory.create();
  private final AggregateStore<Object, Moved, Long> sums;
  private final String label;

  EventlineContender(DataSource dataSource, boolean notify, String label) {
    this.store = EventStore.builder(dataSource).migrate(true).notifyOnAppend(notify).build();
    this.label = label;
    this.sums =
        AggregateStore.builder(
                store,
                "sum",
                Decider.<Object, Moved, Long>of(
                    0L, (sum, moved) -> sum + moved.amount(), (command, sum) -> List.of()),
                EventMapping.json(Map.of("bench.moved", Moved.class)))
            .build();
  }

  /**
   * Eventline without the category and event-type feed indexes (an experiment that shows what they
   * cost on writes; category and type reads then scan the feed).
   */
  static EventlineContender lean(DataSource dataSource, boolean notify) throws Exception {
    EventlineContender contender =
        new EventlineContender(dataSource, notify, "Eventline, no category/type indexes");
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("DROP INDEX eventline_events_category_feed");
      s.execute("DROP INDEX eventline_events_type_feed");
    }
    return contender;
  }

  @Override
  public String name() {
    return label;
  }

  @Override
  public void appendOne(String stream, long version, Moved payload) {
    store.append(stream, ExpectedVersion.exactly(version - 1), List.of(envelope(stream, payload)));
  }

  @Override
  public void appendBatch(String stream, long firstVersion, List<Moved> payloads) {
    List<EventEnvelope<Moved>> batch = new ArrayList<>(payloads.size());
    for (Moved payload : payloads) {
      batch.add(envelope(stream, payload));
    }
    store.append(stream, ExpectedVersion.exactly(firstVersion - 1), batch);
  }

  private EventEnvelope<Moved> envelope(String stream, Moved payload) {
    return events.event("bench.moved", "bench", stream, payload);
  }

  @Override
  public long readFeed() {
    long read = 0;
    Checkpoint after = Checkpoint.START;
    while (true) {
      List<RecordedEvent> page = store.readFeed(FeedFilter.all(), after, 1000);
      for (RecordedEvent event : page) {
        Contender.sink(event.payload(Moved.class).amount());
      }
      read += page.size();
      if (page.size() < 1000) {
        return read;
      }
      after = page.get(page.size() - 1).checkpoint();
    }
  }

  @Override
  public long replay(String stream) {
    return sums.load(stream.substring("sum-".length())).version();
  }
}

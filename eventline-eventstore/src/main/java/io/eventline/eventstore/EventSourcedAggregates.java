package io.eventline.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link AggregateStore} on the PostgreSQL store. */
final class EventSourcedAggregates<C, E, S> implements AggregateStore<C, E, S> {
  private static final Logger log = LoggerFactory.getLogger(EventSourcedAggregates.class);
  private static final int PAGE = 1000;

  private final PostgresEventStore store;
  private final String category;
  private final Decider<C, E, S> decider;
  private final EventMapping<E> events;
  private final EventFactory factory;
  private final int maxAttempts;
  private final int snapshotEvery;
  private final Snapshots<S> snapshots;

  EventSourcedAggregates(
      PostgresEventStore store,
      String category,
      Decider<C, E, S> decider,
      EventMapping<E> events,
      EventFactory factory,
      int maxAttempts,
      int snapshotEvery,
      Snapshots<S> snapshots) {
    this.store = store;
    this.category = category;
    this.decider = decider;
    this.events = events;
    this.factory = factory;
    this.maxAttempts = maxAttempts;
    this.snapshotEvery = snapshotEvery;
    this.snapshots = snapshots;
  }

  @Override
  public Aggregate<S> load(String id) {
    return replay(streamId(id), Long.MAX_VALUE, null);
  }

  @Override
  public Aggregate<S> loadAsOfVersion(String id, long version) {
    if (version < 0) {
      throw new IllegalArgumentException("loadAsOfVersion needs a version >= 0 but was " + version);
    }
    return replay(streamId(id), version, null);
  }

  @Override
  public Aggregate<S> loadAsOf(String id, Instant time) {
    Objects.requireNonNull(time, "loadAsOf time may not be null");
    return replay(streamId(id), Long.MAX_VALUE, time);
  }

  private Aggregate<S> replay(String streamId, long upTo, Instant asOf) {
    Aggregate<S> start = snapshots == null || asOf != null ? null : snapshots.load(streamId, upTo);
    S state = start == null ? decider.initialState() : start.state();
    long version = start == null ? 0 : start.version();
    long snapshotVersion = version;
    while (version < upTo) {
      List<RecordedEvent> page = store.readStream(streamId, version + 1, upTo, asOf, false, PAGE);
      for (RecordedEvent event : page) {
        state = decider.evolve(state, events.decode(event));
        version = event.streamVersion();
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    return new Aggregate<>(streamId, state, version, snapshotVersion);
  }

  @Override
  public CommandResult<S, E> handle(String id, C command) {
    String streamId = streamId(id);
    for (int attempt = 1; ; attempt++) {
      Aggregate<S> current = replay(streamId, Long.MAX_VALUE, null);
      List<E> decided = List.copyOf(decider.decide(command, current.state()));
      if (decided.isEmpty()) {
        return new CommandResult<>(current, decided, null, attempt);
      }
      List<EventEnvelope<E>> envelopes = new ArrayList<>(decided.size());
      S state = current.state();
      for (E event : decided) {
        envelopes.add(factory.event(events.eventType(event), category, id, null, event, Map.of()));
        state = decider.evolve(state, event);
      }
      ExpectedVersion expected =
          current.version() == 0
              ? ExpectedVersion.NO_STREAM
              : ExpectedVersion.exactly(current.version());
      try {
        AppendResult append = store.append(streamId, expected, envelopes);
        Aggregate<S> after =
            new Aggregate<>(streamId, state, append.lastVersion(), current.snapshotVersion());
        snapshotIfDue(current.version(), after);
        return new CommandResult<>(after, decided, append, attempt);
      } catch (ConcurrencyConflictException e) {
        if (attempt >= maxAttempts) {
          log.warn(
              "giving up on a command to '{}' after {} conflicting attempts", streamId, attempt);
          throw e;
        }
        log.debug(
            "conflict on '{}' (attempt {}), deciding again: {}", streamId, attempt, e.getMessage());
      }
    }
  }

  private void snapshotIfDue(long before, Aggregate<S> after) {
    if (snapshotEvery == 0 || before / snapshotEvery == after.version() / snapshotEvery) {
      return;
    }
    try {
      snapshots.save(after);
    } catch (SQLException | RuntimeException e) {
      log.warn(
          "could not save a snapshot of '{}' at version {}; loads replay more events until the next one: {}",
          after.streamId(),
          after.version(),
          e.toString());
    }
  }

  @Override
  public Aggregate<S> snapshot(String id) {
    if (snapshots == null) {
      throw new IllegalStateException(
          "AggregateStore(" + category + ") has no stateType, so it cannot encode snapshots");
    }
    Aggregate<S> current = load(id);
    try {
      snapshots.save(current);
    } catch (SQLException e) {
      throw SqlErrors.failed("saving a snapshot of '" + current.streamId() + "'", e);
    }
    return current;
  }

  private String streamId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("AggregateStore(" + category + ") id may not be blank");
    }
    return category + "-" + id;
  }
}

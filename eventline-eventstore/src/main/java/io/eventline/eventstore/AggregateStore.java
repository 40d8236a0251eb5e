package io.eventline.eventstore;

import io.eventline.core.EventFactory;
import java.time.Instant;
import java.util.Objects;

/**
 * Loads, decides and appends aggregates of one category on an {@link EventStore}. The stream of
 * aggregate {@code id} is {@code <category>-<id>}.
 *
 * <p><b>Commands</b> ({@link #handle}): load (latest valid snapshot plus the events after it),
 * decide, append with the loaded version as the expected version. If another writer appended in
 * between ({@link ConcurrencyConflictException}), load and decide again, up to {@code maxAttempts}
 * times; then the last conflict is thrown. The decider must therefore be free of side effects.
 *
 * <p><b>Snapshots</b> are an optimization, never the truth: one is saved after an append crosses a
 * multiple of {@code snapshotEvery} (after the commit, best effort: a failed save is logged) or on
 * demand ({@link #snapshot}); a snapshot whose schema version differs from {@code
 * snapshotSchemaVersion} is ignored, so bump that number whenever the state's shape or {@code
 * evolve} changes. A snapshot keeps the effect of events later hidden by max age; do not combine
 * snapshots with max age.
 *
 * <p><b>Temporal queries</b> replay the stream up to a version or up to a time (the database time
 * at which events were recorded).
 */
public interface AggregateStore<C, E, S> {

  static <C, E, S> Builder<C, E, S> builder(
      EventStore store, String category, Decider<C, E, S> decider, EventMapping<E> events) {
    return new Builder<>(store, category, decider, events);
  }

  /** The current state of aggregate {@code id} (the initial state when it has no events). */
  Aggregate<S> load(String id);

  /** The state after the events up to and including {@code version}. */
  Aggregate<S> loadAsOfVersion(String id, long version);

  /** The state after the events recorded at or before {@code time}; never uses snapshots. */
  Aggregate<S> loadAsOf(String id, Instant time);

  /**
   * Decides {@code command} on the current state and appends the events, retrying on conflicts.
   *
   * @throws ConcurrencyConflictException after {@code maxAttempts} conflicts in a row
   */
  CommandResult<S, E> handle(String id, C command);

  /** Saves a snapshot of the current state now, and returns the state it saved. */
  Aggregate<S> snapshot(String id);

  /** Configures an {@link AggregateStore}; validated by {@link #build()}. */
  final class Builder<C, E, S> {
    private final EventStore store;
    private final String category;
    private final Decider<C, E, S> decider;
    private final EventMapping<E> events;
    private EventFactory eventFactory = EventFactory.create();
    private int maxAttempts = 3;
    private int snapshotEvery;
    private int snapshotSchemaVersion = 1;
    private Class<S> stateType;

    Builder(EventStore store, String category, Decider<C, E, S> decider, EventMapping<E> events) {
      this.store = Objects.requireNonNull(store, "AggregateStore.store may not be null");
      this.category = category;
      this.decider = Objects.requireNonNull(decider, "AggregateStore.decider may not be null");
      this.events = Objects.requireNonNull(events, "AggregateStore.events may not be null");
    }

    /** Creates the envelopes (ids, time, naming rule); inject its clock and ids in tests. */
    public Builder<C, E, S> eventFactory(EventFactory value) {
      this.eventFactory =
          Objects.requireNonNull(value, "AggregateStore.eventFactory may not be null");
      return this;
    }

    /** How often a command is decided before a conflict is given up (default 3, at least 1). */
    public Builder<C, E, S> maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /**
     * Saves a snapshot whenever an append crosses a multiple of {@code every} events (0: only on
     * demand). Needs {@link #stateType}.
     */
    public Builder<C, E, S> snapshotEvery(int every) {
      this.snapshotEvery = every;
      return this;
    }

    /** The state's class, encoded with the store's codec; required for snapshots. */
    public Builder<C, E, S> stateType(Class<S> value) {
      this.stateType = value;
      return this;
    }

    /** The version of the snapshot format; snapshots of other versions are ignored. */
    public Builder<C, E, S> snapshotSchemaVersion(int value) {
      this.snapshotSchemaVersion = value;
      return this;
    }

    public AggregateStore<C, E, S> build() {
      String where = "AggregateStore(" + category + ")";
      if (category == null || category.isBlank() || category.contains("-")) {
        throw new IllegalArgumentException(
            "AggregateStore.category must be non-blank without '-' but was '" + category + "'");
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(
            where + ".maxAttempts must be at least 1 but was " + maxAttempts);
      }
      if (snapshotEvery < 0) {
        throw new IllegalArgumentException(
            where + ".snapshotEvery must be >= 0 (0: on demand only) but was " + snapshotEvery);
      }
      if (snapshotSchemaVersion < 1) {
        throw new IllegalArgumentException(
            where + ".snapshotSchemaVersion must be >= 1 but was " + snapshotSchemaVersion);
      }
      if (!(store instanceof PostgresEventStore postgres)) {
        throw new IllegalArgumentException(where + ".store must come from EventStore.builder()");
      }
      Snapshots<S> snapshots =
          stateType == null ? null : new Snapshots<>(postgres, stateType, snapshotSchemaVersion);
      if (snapshotEvery > 0 && snapshots == null) {
        throw new IllegalArgumentException(
            where + ".snapshotEvery(" + snapshotEvery + ") needs stateType(...) to encode states");
      }
      return new EventSourcedAggregates<>(
          postgres, category, decider, events, eventFactory, maxAttempts, snapshotEvery, snapshots);
    }
  }
}

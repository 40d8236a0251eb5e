package io.eventline.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An event store on PostgreSQL: streams with optimistic concurrency and a global feed that never
 * skips an event.
 *
 * <p><b>Appends.</b> An append writes one or more events to one stream atomically, in one round
 * trip, after checking the {@link ExpectedVersion}. Writers of the same stream version are
 * serialized by the unique key on (stream, version): the second waits for the first and fails with
 * {@link WrongExpectedVersionException} if the first committed. Writers of different streams never
 * wait for each other. Event ids are dedupe keys: appending the same ids again (a retried request
 * whose first attempt did commit) writes nothing and returns the original {@link AppendResult} with
 * {@code replayed = true}, provided the retry's expected version would have been satisfied by the
 * stream as it was before the original append; otherwise it throws {@link
 * WrongExpectedVersionException}. Ids that are stored in another stream, at other versions or only
 * in part throw {@link DuplicateEventIdException}.
 *
 * <p><b>Crash and retry.</b> If the process dies or the connection drops during an append, the
 * append either committed or did not; retrying with the same event ids is always safe.
 *
 * <p><b>The global feed</b> ({@link #readFeed}) orders events by (transaction id, global position)
 * and shows only events of transactions older than the oldest transaction still running in the
 * cluster. An event that commits late is therefore never skipped by a reader that already moved
 * past its position; instead, a long-running transaction holds every reader back (see {@link
 * #feedDelay()}). Per-stream order holds in the feed too: an append whose transaction is older than
 * the one that wrote the stream's latest event is refused with {@link TransactionOrderException}.
 *
 * <p>Thread-safe. Build with {@link #builder(DataSource)}; building checks the schema version and
 * refuses a database restored with a transaction counter behind the stored events ({@link
 * RestoredDatabaseException}).
 */
public interface EventStore {

  static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Appends {@code events} to {@code streamId} in a transaction of its own (on which the {@link
   * AppendHook}s run). With {@link ExpectedVersion#ANY} or {@link ExpectedVersion#STREAM_EXISTS} an
   * append that a concurrent writer of the same stream beat to the next version runs again (a fresh
   * transaction, hooks included), up to 100 times, so concurrent ANY appends all succeed.
   *
   * @throws WrongExpectedVersionException when the stream is not at {@code expected}
   * @throws TransactionOrderException only when concurrent writers of the stream won 100 times in a
   *     row: a refused attempt (a younger transaction committed the stream's latest event first)
   *     runs again in a fresh transaction
   * @throws StreamDeletedException when the stream was hard-deleted
   * @throws DuplicateEventIdException when an id is stored already, but not as this request
   */
  AppendResult append(
      String streamId, ExpectedVersion expected, List<? extends EventEnvelope<?>> events);

  /**
   * Appends in the caller's transaction on {@code connection} (auto-commit must be off), so the
   * events commit with the caller's own writes. The {@link AppendHook}s run on it too. Nothing is
   * committed or rolled back here. On any exception PostgreSQL has aborted the transaction: roll it
   * back. A {@link ConcurrencyConflictException} means: retry in a new transaction; with {@link
   * ExpectedVersion#ANY} too, when a concurrent writer of the same stream took the next version.
   *
   * <p>Hazard: a transaction that writes anything before appending takes its transaction id early;
   * if another transaction appends to the same stream and commits meanwhile, this append is refused
   * with {@link TransactionOrderException}. Append first, or keep such transactions short.
   */
  AppendResult append(
      Connection connection,
      String streamId,
      ExpectedVersion expected,
      List<? extends EventEnvelope<?>> events);

  /**
   * Up to {@code limit} events of a stream from {@code fromVersion} upwards, hiding what its
   * metadata hides. Empty for a missing, soft-deleted or hard-deleted stream.
   */
  List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit);

  /**
   * Up to {@code limit} events of a stream from {@code fromVersion} downwards ({@link
   * Long#MAX_VALUE}: from the end).
   */
  List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit);

  /**
   * Up to {@code limit} events of the global feed after {@code after}, in feed order, restricted to
   * {@code filter}. Pass the {@link RecordedEvent#checkpoint()} of the last event handled to read
   * on. Never skips an event that commits later; events of transactions still running, and of
   * transactions younger than the oldest one running, appear only once it ends.
   */
  List<RecordedEvent> readFeed(FeedFilter filter, Checkpoint after, int limit);

  /** The stream's state, or empty when it never existed. */
  Optional<StreamInfo> streamInfo(String streamId);

  /** Sets what reads of the stream hide; the stream must exist. */
  void setMetadata(String streamId, StreamMetadata metadata);

  /**
   * Soft delete: the stream reads as empty and {@link ExpectedVersion#NO_STREAM} succeeds on it; an
   * append brings it back, continuing its version numbers, with the old events still hidden. Rows
   * stay in the table and in the global feed.
   */
  void softDelete(String streamId);

  /**
   * Hard delete (erasure): removes the stream's events and its snapshot for good, including from
   * the global feed, and leaves a tombstone so the id cannot be appended to again. Subscribers that
   * already read the events keep what they derived from them: erase from read models yourself.
   *
   * <p>Concurrent writers: the delete first waits for every transaction that has appended events or
   * saved a snapshot (to any stream) and not yet ended, so it erases their events too, and holds
   * back appends and snapshot saves to the whole store until it commits; those then see the
   * tombstone (an append to this stream throws {@link StreamDeletedException}, a snapshot of it is
   * not saved). Reads and feeds are not held back.
   *
   * <p>Hazard: while it waits, appends queue behind it, so the wait is bounded (2 s): if a
   * transaction that appended stays open longer, the delete throws {@link EventStoreException} and
   * erases nothing; retry it. Meant for occasional erasure, not for deleting streams in bulk.
   */
  void hardDelete(String streamId);

  /** How much the feed is held back right now by open transactions; cheap enough to poll. */
  FeedDelay feedDelay();

  /** A builder for a subscription on this store's feed. */
  Subscription.Builder subscription(String name);

  /** The codec payloads are encoded with. */
  PayloadCodec codec();

  /** The upcasters applied on read. */
  Upcasters upcasters();

  /** Configures an {@link EventStore}; validated by {@link #build()}. */
  final class Builder {
    private final DataSource dataSource;
    private PayloadCodec codec = PayloadCodec.json();
    private Upcasters upcasters = Upcasters.none();
    private final List<AppendHook> hooks = new ArrayList<>();
    private boolean notifyOnAppend = true;
    private boolean migrate;

    Builder(DataSource dataSource) {
      this.dataSource =
          Objects.requireNonNull(dataSource, "EventStore.builder(dataSource) may not be null");
    }

    /** How payload objects are encoded ({@code byte[]} payloads pass unchanged); JSON default. */
    public Builder codec(PayloadCodec value) {
      this.codec = Objects.requireNonNull(value, "EventStore.codec may not be null");
      return this;
    }

    public Builder upcasters(Upcasters value) {
      this.upcasters = Objects.requireNonNull(value, "EventStore.upcasters may not be null");
      return this;
    }

    /** Adds a hook that runs in every append's transaction; see {@link AppendHook}. */
    public Builder onAppend(AppendHook hook) {
      hooks.add(Objects.requireNonNull(hook, "EventStore.onAppend hook may not be null"));
      return this;
    }

    /**
     * Whether appends wake subscriptions with {@code NOTIFY} (default true). The notification is
     * sent within about 20 ms after the append, on another connection and outside the writer's
     * transaction: a NOTIFY inside it would serialize all committing writers on a database-wide
     * lock. Off, subscriptions find new events by polling only.
     */
    public Builder notifyOnAppend(boolean value) {
      this.notifyOnAppend = value;
      return this;
    }

    /** Whether {@link #build()} creates or upgrades the tables first (default: only check). */
    public Builder migrate(boolean value) {
      this.migrate = value;
      return this;
    }

    /**
     * Checks the schema (or migrates it) and the transaction counter, and builds the store.
     *
     * @throws io.eventline.jdbc.SchemaException when the tables are missing or of another version
     * @throws RestoredDatabaseException when the database was restored behind its stored events
     */
    public EventStore build() {
      if (!(upcasters instanceof ChainedUpcasters chained)) {
        throw new IllegalArgumentException(
            "EventStore.upcasters must come from Upcasters.builder() or Upcasters.none()");
      }
      StartupCheck.run(dataSource, migrate);
      return new PostgresEventStore(dataSource, codec, chained, hooks, notifyOnAppend);
    }
  }
}

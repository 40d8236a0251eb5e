package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.core.IdGenerator;
import io.eventline.core.PayloadCodec;
import io.eventline.jdbc.Dialect;
import io.eventline.outbox.Backoff;
import io.eventline.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Idempotent consumers: each event's database side effects exactly once, however often it is
 * delivered.
 *
 * <p><b>Insert-first.</b> {@link #handle} opens a transaction on the consumer's database and
 * inserts the mark {@code (consumer, event_id)} into {@code eventline_inbox} before anything else.
 * If the mark is new, the handler runs on the same connection and its writes commit together with
 * the mark. If the mark exists, the event is a duplicate: the transaction rolls back and the
 * handler does not run. A concurrent duplicate (the same event, being handled right now on another
 * connection) blocks on the primary key until the first transaction ends: if it commits, the second
 * is a duplicate; if it rolls back, the second runs. The handler of one event never runs in two
 * transactions that both commit.
 *
 * <p><b>Crashes.</b> A crash before the commit leaves nothing: the event is redelivered and runs. A
 * crash after the commit but before the source was acknowledged (a Kafka offset) redelivers an
 * event whose mark is there: it is a duplicate. Do acknowledge only settled events ({@link
 * InboxResult#isSettled()}).
 *
 * <p><b>Not covered.</b> Effects outside this database (e-mail, HTTP, another database) run again
 * whenever an attempt rolls back; emit a follow-up event to the outbox instead ({@link
 * InboxContext#emit}). A redelivery that arrives after the mark was purged (older than {@link
 * Builder#dedupeWindow}) runs again: the window must exceed the longest time a redelivery can take.
 *
 * <p><b>Failures.</b> {@link #handle} makes one attempt. {@link #process} retries with the backoff
 * up to {@link Builder#maxAttempts} attempts, then writes the event (error and full envelope) to
 * {@code eventline_dead_letter}, together with its mark. A {@link RejectedEventException} or an
 * undecodable payload is dead-lettered at once. Operators list and replay dead letters with {@link
 * InboxAdmin}; the consumer runs the replays ({@link #replayRequested}).
 *
 * <p>Thread-safe. Give it a pooled {@link DataSource}: each call borrows one connection.
 */
public interface Inbox {

  /** Consumer names: 1 to 100 letters, digits, {@code .}, {@code _} or {@code -}. */
  Pattern CONSUMER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Returns {@code name} when it is a valid consumer name.
   *
   * @throws IllegalArgumentException naming the rule and the refused value
   */
  static String requireConsumerName(String name) {
    if (name == null || !CONSUMER_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "consumer name '"
              + Texts.printable(name)
              + "' is not valid: use 1 to 100 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    return name;
  }

  /**
   * One attempt: in one transaction, inserts the mark and, if it is new, checks the order (when the
   * guard is on) and runs the handler; commits. Transient database errors (deadlocks, serialization
   * failures) are retried at once, up to three times.
   *
   * @return {@code PROCESSED}, {@code DUPLICATE}, {@code PARKED} or {@code FAILED}; never throws
   *     for a handler or database failure
   */
  <P> InboxResult handle(String consumer, EventEnvelope<P> event, InboxHandler<P> handler);

  /**
   * Batched mode: the marks of all {@code events} and all their handlers' writes in one
   * transaction. New marks are inserted in one statement (in event-id order, so concurrent batches
   * cannot deadlock on them); events whose mark existed, or that appear twice in the list, are
   * duplicates. The handler runs for the new events in list order. Exactly-once holds as for {@link
   * #handle}; if any handler fails, the whole batch rolls back and every result is {@code FAILED}
   * (the failing event's result carries the error; the others name it): retry them one by one.
   *
   * @param events at most {@link Builder#maxBatchSize} events
   * @return one result per event, in list order
   */
  <P> List<InboxResult> handleBatch(
      String consumer, List<EventEnvelope<P>> events, InboxHandler<P> handler);

  /**
   * Handles {@code event} with retries: up to {@link #maxAttempts()} attempts, sleeping {@link
   * #backoff()} between them on the calling thread, then dead-letters it. A permanent failure is
   * dead-lettered after its first attempt. If the thread is interrupted while waiting, the
   * interrupt flag is restored and the result is {@code FAILED}.
   *
   * @return {@code PROCESSED}, {@code DUPLICATE}, {@code PARKED}, {@code DEAD_LETTERED}, or {@code
   *     FAILED} only when interrupted or when the dead letter itself could not be written
   */
  <P> InboxResult process(String consumer, EventEnvelope<P> event, InboxHandler<P> handler);

  /**
   * Writes {@code event} to the dead letters, with its mark, in one transaction. When the mark is
   * already there (another delivery handled or dead-lettered it meanwhile) nothing is written and
   * the result is {@code DUPLICATE}.
   *
   * @param error why it is given up; decides the kind (rejected, malformed or failed)
   * @param attempts handler attempts made
   * @param source where the delivery came from, or {@code null}
   * @return {@code DEAD_LETTERED}, {@code DUPLICATE}, or {@code FAILED} when the database refused
   */
  InboxResult deadLetter(
      String consumer, EventEnvelope<?> event, Throwable error, int attempts, String source);

  /**
   * Writes a delivery that is not a readable event to the dead letters, with the reason. A second
   * write for the same {@link MalformedRecord#source()} is dropped as a {@code DUPLICATE}.
   */
  InboxResult deadLetter(String consumer, MalformedRecord record);

  /**
   * Runs the replays that operators requested for this consumer ({@link InboxAdmin#replay}), at
   * most {@code limit}, each in its own transaction: the dead letter is claimed, the mark is made
   * sure of, and the handler runs; a replay that fails keeps the event dead with the new error. A
   * replay skips the ordering guard (the operator decided) but advances its version.
   *
   * @return one result per replay run: {@code PROCESSED}, {@code DUPLICATE} or {@code FAILED}
   */
  List<InboxResult> replayRequested(String consumer, InboxHandler<byte[]> handler, int limit);

  /**
   * Deletes this consumer's marks older than the dedupe window (and ordering-guard rows and
   * replayed dead letters as old), in batches of at most 1,000 rows, each its own transaction, for
   * at most about one second.
   *
   * @return the number of marks deleted
   */
  long purge(String consumer);

  /** What this inbox counted for {@code consumer}; zeros for a consumer it has not seen. */
  InboxStats stats(String consumer);

  /** Attempts per event before it is dead-lettered. */
  int maxAttempts();

  /** The wait between attempts. */
  Backoff backoff();

  /** How long marks are kept. */
  Duration dedupeWindow();

  /** The largest list {@link #handleBatch} takes. */
  int maxBatchSize();

  /** Settings for {@link Inbox}, validated by {@link #build()}. */
  final class Builder {
    final DataSource dataSource;
    Clock clock = Clock.systemUTC();
    EventFactory events;
    Outbox outbox;
    PayloadCodec codec = PayloadCodec.json();
    Dialect dialect;
    Duration dedupeWindow = Duration.ofDays(14);
    Duration longestRedelivery = Duration.ofDays(7);
    OrderingGuard orderingGuard = OrderingGuard.off();
    int maxAttempts = 5;
    int maxBatchSize = 500;
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 2.0, 0.2);
    RandomGenerator random = new java.util.SplittableRandom();

    Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "Inbox.dataSource may not be null");
    }

    /** The time of marks, dead letters and retention; default the system UTC clock. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "Inbox.clock may not be null");
      return this;
    }

    /** The factory behind {@link InboxContext#events()}; default UUIDv7 ids on {@link #clock}. */
    public Builder events(EventFactory value) {
      this.events = Objects.requireNonNull(value, "Inbox.events may not be null");
      return this;
    }

    /**
     * Where {@link InboxContext#emit} appends follow-up events; default {@link Outbox#create()}.
     */
    public Builder outbox(Outbox value) {
      this.outbox = Objects.requireNonNull(value, "Inbox.outbox may not be null");
      return this;
    }

    /** Encodes payloads that are not bytes for the dead letters; default JSON. */
    public Builder codec(PayloadCodec value) {
      this.codec = Objects.requireNonNull(value, "Inbox.codec may not be null");
      return this;
    }

    /** The database dialect; default: detected from the first connection. */
    public Builder dialect(Dialect value) {
      this.dialect = Objects.requireNonNull(value, "Inbox.dialect may not be null");
      return this;
    }

    /**
     * How long marks are kept; it must be longer than {@link #longestRedelivery}. Default 14 days.
     */
    public Builder dedupeWindow(Duration value) {
      this.dedupeWindow = positive("dedupeWindow", value);
      return this;
    }

    /**
     * The longest time after the first delivery that the source may deliver an event again: for
     * Kafka, the topic's retention (a consumer group that loses its offsets rereads the topic).
     * Default 7 days.
     */
    public Builder longestRedelivery(Duration value) {
      this.longestRedelivery = positive("longestRedelivery", value);
      return this;
    }

    /** Default {@link OrderingGuard#off()}. */
    public Builder orderingGuard(OrderingGuard value) {
      this.orderingGuard = Objects.requireNonNull(value, "Inbox.orderingGuard may not be null");
      return this;
    }

    /** Attempts before an event is dead-lettered, in [1, 1000]; default 5. */
    public Builder maxAttempts(int value) {
      if (value < 1 || value > 1_000) {
        throw new IllegalArgumentException(
            "Inbox.maxAttempts must be in [1, 1000] but was " + value);
      }
      this.maxAttempts = value;
      return this;
    }

    /** The largest list {@link Inbox#handleBatch} takes, in [1, 1000]; default 500. */
    public Builder maxBatchSize(int value) {
      if (value < 1 || value > 1_000) {
        throw new IllegalArgumentException(
            "Inbox.maxBatchSize must be in [1, 1000] but was " + value);
      }
      this.maxBatchSize = value;
      return this;
    }

    /** The wait between attempts; default 200 ms doubling up to 10 s, ±20 % jitter. */
    public Builder backoff(Backoff value) {
      this.backoff = Objects.requireNonNull(value, "Inbox.backoff may not be null");
      return this;
    }

    /** The source of backoff jitter. */
    public Builder random(RandomGenerator value) {
      this.random = Objects.requireNonNull(value, "Inbox.random may not be null");
      return this;
    }

    /**
     * @throws IllegalArgumentException when the dedupe window is not longer than the longest
     *     redelivery
     */
    public Inbox build() {
      if (dedupeWindow.compareTo(longestRedelivery) <= 0) {
        throw new IllegalArgumentException(
            "Inbox.dedupeWindow ("
                + dedupeWindow
                + ") must be longer than Inbox.longestRedelivery ("
                + longestRedelivery
                + "): a redelivery that arrives after its mark was purged runs the handler again."
                + " Raise dedupeWindow above "
                + longestRedelivery
                + ", or lower longestRedelivery if the source really redelivers sooner");
      }
      if (events == null) {
        events = EventFactory.create(clock, IdGenerator.uuidV7(clock));
      }
      if (outbox == null) {
        outbox = Outbox.create();
      }
      return new JdbcInbox(this);
    }

    private static Duration positive(String setting, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "Inbox." + setting + " must be a positive duration but was " + value);
      }
      return value;
    }
  }
}

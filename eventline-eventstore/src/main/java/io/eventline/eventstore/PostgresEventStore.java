package io.eventline.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The PostgreSQL {@link EventStore}. */
final class PostgresEventStore implements EventStore {
  private final DataSource dataSource;
  private final PayloadCodec codec;
  private final ChainedUpcasters upcasters;
  private final List<AppendHook> hooks;
  private final Appender appender;
  private final EventReader reader;
  private final AppendNotifier notifier;

  PostgresEventStore(
      DataSource dataSource,
      PayloadCodec codec,
      ChainedUpcasters upcasters,
      List<AppendHook> hooks,
      boolean notify) {
    this.dataSource = dataSource;
    this.codec = codec;
    this.upcasters = upcasters;
    this.hooks = List.copyOf(hooks);
    this.appender = new Appender(codec, upcasters, this::currentVersion);
    this.notifier = notify ? new AppendNotifier(dataSource) : null;
    this.reader = new EventReader(new EventRows(upcasters));
  }

  /**
   * How often an ANY or STREAM_EXISTS append retries after a concurrent writer took its version.
   */
  static final int MAX_VERSION_RACES = 100;

  @Override
  public AppendResult append(
      String streamId, ExpectedVersion expected, List<? extends EventEnvelope<?>> events) {
    Appender.validate(streamId, events);
    boolean retries =
        expected.equals(ExpectedVersion.ANY) || expected.equals(ExpectedVersion.STREAM_EXISTS);
    for (int race = 1; ; race++) {
      try {
        return appendOnce(streamId, expected, events);
      } catch (WrongExpectedVersionException e) {
        // ANY and STREAM_EXISTS take the next version: when a concurrent writer took it first (the
        // unique key refused the insert, after that writer committed), the append runs again on
        // a fresh read of the stream. Nothing of the lost attempt was written or committed.
        if (!retries || !lostAVersionRace(e) || race >= MAX_VERSION_RACES) {
          throw e;
        }
      } catch (TransactionOrderException e) {
        // a younger transaction of a concurrent writer committed the stream's latest event first;
        // this transaction was the store's own and wrote nothing: run it again, fresh
        if (race >= MAX_VERSION_RACES) {
          throw e;
        }
      }
      if (race > 3) {
        java.util.concurrent.locks.LockSupport.parkNanos(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(100_000, 2_000_000));
      }
    }
  }

  private static boolean lostAVersionRace(WrongExpectedVersionException e) {
    return e.getCause() instanceof SQLException cause && "23505".equals(cause.getSQLState());
  }

  private AppendResult appendOnce(
      String streamId, ExpectedVersion expected, List<? extends EventEnvelope<?>> events) {
    try (Connection connection = dataSource.getConnection()) {
      if (hooks.isEmpty() && connection.getAutoCommit()) {
        AppendResult result =
            appender.append(connection, streamId, expected, events).result(streamId);
        notifyAppended(result);
        return result;
      }
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        AppendResult result = appendInTransaction(connection, streamId, expected, events);
        connection.commit();
        notifyAppended(result);
        return result;
      } catch (RuntimeException | SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw SqlErrors.failed("append to stream '" + Streams.clip(streamId) + "'", e);
    }
  }

  @Override
  public AppendResult append(
      Connection connection,
      String streamId,
      ExpectedVersion expected,
      List<? extends EventEnvelope<?>> events) {
    Appender.validate(streamId, events);
    try {
      if (connection.getAutoCommit()) {
        throw new IllegalStateException(
            "append(connection, ...) to stream '"
                + Streams.clip(streamId)
                + "' needs a connection with auto-commit off (the caller's transaction); use"
                + " append(streamId, ...) for a transaction of the store's own");
      }
      AppendResult result = appendInTransaction(connection, streamId, expected, events);
      notifyAppended(result); // before the caller's commit: subscribers then retry briefly
      return result;
    } catch (SQLException e) {
      throw SqlErrors.failed("append to stream '" + Streams.clip(streamId) + "'", e);
    }
  }

  private void notifyAppended(AppendResult result) {
    if (notifier != null && !result.replayed()) {
      notifier.appended();
    }
  }

  private AppendResult appendInTransaction(
      Connection connection,
      String streamId,
      ExpectedVersion expected,
      List<? extends EventEnvelope<?>> events)
      throws SQLException {
    Appender.Written written = appender.append(connection, streamId, expected, events);
    if (!written.replayed()) {
      for (AppendHook hook : hooks) {
        hook.appended(connection, written.events());
      }
    }
    return written.result(streamId);
  }

  @Override
  public List<RecordedEvent> readStreamForward(String streamId, long fromVersion, int limit) {
    return readStream(streamId, fromVersion, Long.MAX_VALUE, null, false, limit);
  }

  @Override
  public List<RecordedEvent> readStreamBackward(String streamId, long fromVersion, int limit) {
    return readStream(streamId, 0, fromVersion, null, true, limit);
  }

  /** Events with versions in [from, to], recorded no later than {@code asOf} (null: any time). */
  List<RecordedEvent> readStream(
      String streamId, long from, long to, Instant asOf, boolean backward, int limit) {
    Streams.requireStreamId(streamId);
    EventReader.requireLimit(limit);
    try (Connection connection = dataSource.getConnection()) {
      return reader.stream(connection, streamId, from, to, asOf, backward, limit);
    } catch (SQLException e) {
      throw SqlErrors.failed("reading stream '" + Streams.clip(streamId) + "'", e);
    }
  }

  @Override
  public List<RecordedEvent> readFeed(FeedFilter filter, Checkpoint after, int limit) {
    EventReader.requireLimit(limit);
    try (Connection connection = dataSource.getConnection()) {
      return reader.feed(connection, filter, after, limit);
    } catch (SQLException e) {
      throw SqlErrors.failed("reading the feed " + filter + " after " + after, e);
    }
  }

  List<RecordedEvent> readFeed(
      Connection connection, FeedFilter filter, Checkpoint after, int limit) throws SQLException {
    return reader.feed(connection, filter, after, limit);
  }

  /** The stream's latest version, read after a conflict on a connection of its own. */
  private long currentVersion(String streamId) {
    try (Connection connection = dataSource.getConnection()) {
      return StreamAdmin.version(connection, streamId);
    } catch (SQLException e) {
      return -1;
    }
  }

  @Override
  public Optional<StreamInfo> streamInfo(String streamId) {
    return admin(streamId, "reading", c -> StreamAdmin.info(c, streamId));
  }

  @Override
  public void setMetadata(String streamId, StreamMetadata metadata) {
    java.util.Objects.requireNonNull(metadata, "setMetadata metadata may not be null");
    admin(
        streamId,
        "setting metadata of",
        c -> {
          StreamAdmin.setMetadata(c, streamId, metadata);
          return null;
        });
  }

  @Override
  public void softDelete(String streamId) {
    admin(
        streamId,
        "soft-deleting",
        c -> {
          StreamAdmin.softDelete(c, streamId);
          return null;
        });
  }

  @Override
  public void hardDelete(String streamId) {
    Streams.requireStreamId(streamId);
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        StreamAdmin.hardDelete(connection, streamId);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      if ("55P03".equals(e.getSQLState())) {
        throw new EventStoreException(
            "hard-deleting stream '"
                + Streams.clip(streamId)
                + "' gave up after waiting "
                + StreamAdmin.HARD_DELETE_LOCK_WAIT_MILLIS
                + " ms for transactions that appended events or saved snapshots and have not"
                + " ended; nothing was erased. Retry, and look for long-running transactions"
                + " that append (pg_stat_activity, state 'idle in transaction')",
            e);
      }
      throw SqlErrors.failed("hard-deleting stream '" + Streams.clip(streamId) + "'", e);
    }
  }

  @Override
  public FeedDelay feedDelay() {
    try (Connection connection = dataSource.getConnection()) {
      return FeedDelayProbe.measure(connection);
    } catch (SQLException e) {
      throw SqlErrors.failed("measuring the feed delay", e);
    }
  }

  @Override
  public Subscription.Builder subscription(String name) {
    return new Subscription.Builder(this, name);
  }

  @Override
  public PayloadCodec codec() {
    return codec;
  }

  @Override
  public Upcasters upcasters() {
    return upcasters;
  }

  DataSource dataSource() {
    return dataSource;
  }

  private <T> T admin(String streamId, String what, SqlWork<T> work) {
    Streams.requireStreamId(streamId);
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw SqlErrors.failed(what + " stream '" + Streams.clip(streamId) + "'", e);
    }
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}

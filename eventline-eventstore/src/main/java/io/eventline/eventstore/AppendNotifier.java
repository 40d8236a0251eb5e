package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes subscriptions after appends with at most one {@code NOTIFY} per 20 ms, sent on a pooled
 * connection outside the writers' transactions. (A notifying transaction takes a transaction id and
 * flushes the WAL at commit, so one per append would cost as much as the append.)
 *
 * <p>Why not {@code NOTIFY} inside the append: PostgreSQL takes a database-wide lock when a
 * transaction that notified commits and holds it through the commit's WAL flush, so every notifying
 * writer commits one after another (measured here: 16 writers fell to the rate of one). A
 * notification is only a hint; subscriptions also poll, so a lost or early one is harmless.
 */
final class AppendNotifier {
  private static final Logger log = LoggerFactory.getLogger(AppendNotifier.class);
  private static final long WINDOW_MILLIS = 20;

  private final DataSource dataSource;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor executor;

  AppendNotifier(DataSource dataSource) {
    this.dataSource = dataSource;
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "eventline-append-notifier");
              thread.setDaemon(true);
              return thread;
            });
    executor.setKeepAliveTime(30, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true);
  }

  /** Some events were appended (or are about to commit): notify within a few milliseconds. */
  void appended() {
    if (pending.compareAndSet(false, true)) {
      executor.schedule(this::send, WINDOW_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void send() {
    pending.set(false);
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_notify('" + FeedListener.CHANNEL + "', '')");
    } catch (SQLException | RuntimeException e) {
      log.debug("could not notify subscriptions; they will poll: {}", e.getMessage());
    }
  }
}

package io.eventline.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@code eventline_outbox} with a dedicated connection and, when a commit in this schema
 * inserted outbox rows, wakes the worker of each partition written to. Notifications are only a
 * hint: a lost one costs at most the fallback poll interval. After a reconnect the arming is reset
 * and the workers are woken once, since notifications sent meanwhile are gone.
 */
final class PgNotifications implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  static final String CHANNEL = "eventline_outbox";

  private final DataSource dataSource;
  private final Wakeups wakeups;
  private final WakeArming arming;
  private final String owner;
  private volatile boolean running = true;
  private volatile Connection connection;

  PgNotifications(DataSource dataSource, Wakeups wakeups, WakeArming arming, String owner) {
    this.dataSource = dataSource;
    this.wakeups = wakeups;
    this.arming = arming;
    this.owner = owner;
  }

  @Override
  public void run() {
    long backoff = 100;
    while (running) {
      try (Connection listening = dataSource.getConnection()) {
        connection = listening;
        String schema = listen(listening);
        PGConnection pg = listening.unwrap(PGConnection.class);
        // the arming session may have died with this one (a restart, a failover): arm afresh
        arming.reset();
        wakeups.signalAll();
        backoff = 100;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            wake(schema, notification.getParameter());
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        log.warn(
            "relay {}: the LISTEN connection failed ({}); reconnecting in {} ms, polling meanwhile",
            owner,
            e.getMessage(),
            backoff);
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(backoff * 2, 5_000);
      } finally {
        connection = null;
      }
    }
  }

  /**
   * Payloads are {@code <schema>:<partition>}; a bare schema (or anything odd) wakes every worker.
   */
  private void wake(String schema, String payload) {
    if (payload == null || !payload.startsWith(schema)) {
      return;
    }
    if (payload.length() > schema.length() + 1 && payload.charAt(schema.length()) == ':') {
      try {
        wakeups.signalPartition(Integer.parseInt(payload.substring(schema.length() + 1)));
        return;
      } catch (NumberFormatException odd) {
        // fall through: wake everyone
      }
    }
    if (payload.length() == schema.length() || payload.charAt(schema.length()) == ':') {
      wakeups.signalAll();
    }
  }

  private static String listen(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      statement.execute("LISTEN " + CHANNEL);
      try (ResultSet row = statement.executeQuery("SELECT current_schema()")) {
        row.next();
        return row.getString(1);
      }
    }
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void stop() {
    running = false;
  }
}

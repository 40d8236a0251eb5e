package io.eventline.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for {@code NOTIFY eventline_events} on a connection of its own. Only a wake-up hint: when
 * the connection fails, waits fall back to plain sleeping, and it reconnects on the next wait.
 */
final class FeedListener implements AutoCloseable {
  static final String CHANNEL = "eventline_events";
  private static final Logger log = LoggerFactory.getLogger(FeedListener.class);
  private static final int SLICE_MILLIS = 100;

  private final DataSource dataSource;
  private final String subscription;
  private Connection connection;

  FeedListener(DataSource dataSource, String subscription) {
    this.dataSource = dataSource;
    this.subscription = subscription;
  }

  /**
   * Waits up to {@code millis} for a notification; returns early (true) when one arrives, or
   * (false) when {@code stop} turns true.
   */
  boolean await(long millis, BooleanSupplier stop) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!stop.getAsBoolean()) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      int slice = (int) Math.min(left, SLICE_MILLIS);
      if (receive(slice)) {
        return true;
      }
    }
    return false;
  }

  private boolean receive(int millis) throws InterruptedException {
    try {
      PGConnection listening = listening();
      PGNotification[] notes = listening.getNotifications(millis);
      return notes != null && notes.length > 0;
    } catch (SQLException e) {
      log.debug(
          "subscription '{}' lost its LISTEN connection; polling: {}",
          subscription,
          e.getMessage());
      closeConnection();
      Thread.sleep(millis);
      return false;
    }
  }

  private PGConnection listening() throws SQLException {
    if (connection == null) {
      Connection fresh = dataSource.getConnection();
      try (Statement statement = fresh.createStatement()) {
        if (!fresh.getAutoCommit()) {
          fresh.setAutoCommit(true);
        }
        statement.execute("LISTEN " + CHANNEL);
      } catch (SQLException e) {
        fresh.close();
        throw e;
      }
      connection = fresh;
    }
    return connection.unwrap(PGConnection.class);
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("UNLISTEN *");
      } catch (SQLException ignored) {
        // the connection is closed next anyway
      }
    }
    closeConnection();
  }
}

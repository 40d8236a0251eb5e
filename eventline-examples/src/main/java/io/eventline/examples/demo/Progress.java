package io.eventline.examples.demo;

import io.eventline.examples.ExampleSystem;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

/** The demo's progress: a line per second, counted in the databases. */
final class Progress {
  private final ExampleSystem.Databases db;
  private final OrderLoad load;
  private final PrintStream out;
  private final long started;
  private long lastPrint;

  Progress(ExampleSystem.Databases db, OrderLoad load, PrintStream out, long started) {
    this.db = db;
    this.load = load;
    this.out = out;
    this.started = started;
  }

  /** Orders events marked published so far. */
  long ordersPublished() {
    return published(db.orders());
  }

  void tick() {
    long now = System.nanoTime();
    if (now - lastPrint < 1_000_000_000L) {
      return;
    }
    lastPrint = now;
    Figures f = figures();
    out.printf(
        Locale.ROOT,
        "[%5.1fs] placed %,d | published orders %,d/%,d payments %,d/%,d notifications %,d/%,d |"
            + " consumed by payments %,d, notifications %,d | dead letters open %d%n",
        seconds(),
        load.placed.get(),
        f.ordersPublished,
        f.ordersWritten,
        f.paymentsPublished,
        f.paymentsWritten,
        f.notificationsPublished,
        f.notificationsWritten,
        f.paymentsHandled,
        f.notificationsHandled,
        f.openDeadLetters);
  }

  void note(String text) {
    out.printf(Locale.ROOT, "[%5.1fs] %s%n", seconds(), text);
  }

  void pause(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      tick();
      Thread.sleep(200);
    }
  }

  /** Everything written was published and handled, and no dead letter is waiting. */
  boolean settled() {
    Figures f = figures();
    return f.ordersPublished == f.ordersWritten
        && f.paymentsPublished == f.paymentsWritten
        && f.notificationsPublished == f.notificationsWritten
        && f.paymentsHandled == f.ordersWritten
        && f.notificationsHandled == f.ordersWritten + f.paymentsWritten
        && f.openDeadLetters == 0
        && f.paymentsWritten >= load.placed.get();
  }

  void stop() {
    lastPrint = 0;
    tick();
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  private record Figures(
      long ordersWritten,
      long ordersPublished,
      long paymentsWritten,
      long paymentsPublished,
      long notificationsWritten,
      long notificationsPublished,
      long paymentsHandled,
      long notificationsHandled,
      long openDeadLetters) {}

  private Figures figures() {
    return new Figures(
        written(db.orders()),
        published(db.orders()),
        written(db.payments()),
        published(db.payments()),
        written(db.notifications()),
        published(db.notifications()),
        Sql.count(
            db.payments(), "SELECT count(*) FROM eventline_inbox WHERE consumer = 'payments'"),
        Sql.count(
            db.notifications(),
            "SELECT count(*) FROM eventline_inbox WHERE consumer = 'notifications'"),
        Sql.count(
            db.payments(), "SELECT count(*) FROM eventline_dead_letter WHERE replayed_at IS NULL"));
  }

  private static long written(DataSource database) {
    return Sql.count(database, "SELECT count(*) FROM eventline_outbox");
  }

  private static long published(DataSource database) {
    return Sql.count(
        database, "SELECT count(*) FROM eventline_outbox WHERE published_at IS NOT NULL");
  }
}

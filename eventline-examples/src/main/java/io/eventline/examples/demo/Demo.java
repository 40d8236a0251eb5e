package io.eventline.examples.demo;

import io.eventline.core.EventFactory;
import io.eventline.examples.ExampleSystem;
import io.eventline.inbox.DeadLetter;
import io.eventline.inbox.InboxAdmin;
import io.eventline.timeline.Timeline;
import io.eventline.timeline.TimelineFormat;
import io.eventline.timeline.TimelineSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The example system end to end, with the faults Eventline exists for: the orders relay killed with
 * SIGKILL and restarted, records delivered twice, the broker stopped and restarted, a poison event
 * dead-lettered and replayed. It ends with a verdict computed from the databases and the topics,
 * and the timeline of one order across the three services.
 */
public final class Demo {
  private final DemoOptions options;
  private final PrintStream out;
  private final long started = System.nanoTime();

  private Demo(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the demo; returns 0 when every check of the verdict held, 1 otherwise. */
  public static int run(DemoOptions options, PrintStream out) throws Exception {
    return new Demo(options, out).run();
  }

  private int run() throws Exception {
    out.println(
        "Eventline demo: orders, payments and notifications, each with its own database and");
    out.println(
        "relay, meeting only through "
            + io.eventline.examples.Broker.product(options.transport())
            + ". Faults are injected while it runs; the verdict is");
    out.println("computed from the databases and an independent read of the topics.");
    out.println();
    step(
        options.jdbcUrls().isEmpty() && options.embeddedKafka()
            ? "starting embedded PostgreSQL and an embedded Kafka 4.4 broker"
            : "preparing the infrastructure");
    try (DemoInfrastructure infrastructure = DemoInfrastructure.start(options)) {
      DemoBroker broker = infrastructure.broker();
      step("running on " + infrastructure.describe());
      ExampleSystem.Databases db = infrastructure.databases();
      EventFactory events = EventFactory.create();
      try (ExampleSystem system =
          ExampleSystem.start(db, broker.broker(), broker.topics(), events, 4)) {
        return exercise(infrastructure, system, db, broker);
      }
    }
  }

  private int exercise(
      DemoInfrastructure infrastructure,
      ExampleSystem system,
      ExampleSystem.Databases db,
      DemoBroker broker)
      throws Exception {
    String ordersUrl = infrastructure.jdbcUrl("orders");
    ExampleSystem.Topics topics = broker.topics();
    OrdersRelayProcess relay = OrdersRelayProcess.start(ordersUrl, broker.broker(), "1");
    step("services started; the orders relay runs as process " + relay.pid());
    String poison = OrderLoad.orderId(options.orders() / 3);
    system.payments().poison(poison);
    step(
        "placing "
            + options.orders()
            + " orders from "
            + options.threads()
            + " threads; order "
            + poison
            + " will be a poison event for payments");
    OrderLoad load =
        new OrderLoad(system.orders(), options.orders(), options.threads(), options.seed());
    Progress progress = new Progress(db, load, out, started);
    ExecutorService background = Executors.newSingleThreadExecutor();
    Future<?> loading =
        background.submit(
            () -> {
              load.run();
              return null;
            });
    int duplicates = 0;
    boolean brokerRestarted = false;
    int killedExit = 0;
    if (options.faults()) {
      // kill the orders relay while it is busy publishing: a batch may be sent but not marked
      waitFor(progress, () -> progress.ordersPublished() >= 1_000, Duration.ofMinutes(5));
      killedExit = relay.kill();
      progress.note("FAULT orders relay killed with SIGKILL (exit " + killedExit + ")");
      relay = OrdersRelayProcess.start(ordersUrl, broker.broker(), "2");
      progress.note(
          "orders relay restarted as process "
              + relay.pid()
              + "; it takes over after the leases expire");
      waitFor(progress, () -> load.placed.get() >= options.orders() * 2 / 5, Duration.ofMinutes(5));
      duplicates =
          broker.republish(topics.orders(), options.orders() / 5)
              + broker.republish(topics.payments(), options.orders() / 10);
      progress.note(
          "FAULT " + duplicates + " records published a second time (" + broker.duplicates() + ")");
      waitFor(
          progress,
          () ->
              load.placed.get() >= options.orders() * 3 / 5 && progress.ordersPublished() >= 3_000,
          Duration.ofMinutes(5));
      if (broker.canRestart()) {
        broker.stop();
        progress.note("FAULT Kafka broker stopped");
        progress.pause(Duration.ofSeconds(5));
        broker.restart();
        brokerRestarted = true;
        progress.note("Kafka broker restarted on the same address");
      } else {
        progress.note(
            "the broker restart is skipped: " + broker.describe() + " is not the demo's to stop");
      }
    }
    waitFor(progress, loading::isDone, Duration.ofMinutes(10));
    loading.get();
    background.shutdown();
    progress.note(load.placed.get() + " orders placed, " + load.refused.get() + " refused");

    InboxAdmin payments = InboxAdmin.create(db.payments());
    waitFor(progress, () -> !payments.dead("payments", 10).isEmpty(), Duration.ofMinutes(3));
    List<DeadLetter> dead = payments.dead("payments", 10);
    progress.note(
        "poison event dead-lettered by payments after "
            + dead.get(0).attempts()
            + " attempts: "
            + dead.get(0).error().lines().findFirst().orElse(""));
    system.payments().repair();
    for (DeadLetter letter : dead) {
      payments.replay("payments", letter.eventId());
    }
    progress.note(
        "payment provider repaired; replay of " + dead.size() + " dead letter(s) requested");

    boolean settled = waitFor(progress, () -> progress.settled(), Duration.ofMinutes(4));
    progress.stop();
    relay.stop();
    out.println();
    if (!settled) {
      out.println(
          "the system did not settle within 4 minutes; the verdict below says what is missing");
    }
    out.printf(
        Locale.ROOT,
        "faults injected: relay killed %s, %d duplicate records, broker restarted %s, 1 poison event%n%n",
        options.faults() ? "yes (exit " + killedExit + ")" : "no",
        duplicates,
        brokerRestarted ? "yes" : "no");
    Verdict verdict = Verdict.compute(db, broker, load.placed.get(), poison, options.faults());
    for (Verdict.Check check : verdict.checks()) {
      out.printf(
          Locale.ROOT,
          "  [%s] %s%n         %s%n",
          check.passed() ? "ok" : "FAILED",
          check.name(),
          check.detail());
    }
    out.println();
    out.println(verdict.passed() ? "VERDICT: all checks held" : "VERDICT: FAILED");
    if (options.report() != null) {
      DemoReport.write(
          options.report(),
          verdict,
          load.placed.get(),
          killedExit,
          duplicates,
          brokerRestarted,
          (System.nanoTime() - started) / 1e9);
      out.println("verdict written to " + options.report());
    }
    out.println();
    printTimeline(db, poison);
    out.printf(Locale.ROOT, "%ndemo finished in %.0f s%n", (System.nanoTime() - started) / 1e9);
    return verdict.passed() ? 0 : 1;
  }

  private void printTimeline(ExampleSystem.Databases db, String orderId) {
    List<TimelineSource> sources =
        List.of(
            new TimelineSource("orders", db.orders()),
            new TimelineSource("payments", db.payments()),
            new TimelineSource("notifications", db.notifications()));
    String placedEventId =
        Sql.strings(
                db.orders(),
                "SELECT CAST(event_id AS TEXT) FROM eventline_outbox WHERE aggregate_id = ?"
                    + " AND event_type = 'order.placed'",
                orderId)
            .stream()
            .findFirst()
            .orElse(null);
    if (placedEventId == null) {
      out.println("no order.placed event for " + orderId + ": no timeline to show");
      return;
    }
    String correlation = Timeline.correlationOf(placedEventId, sources).orElseThrow();
    out.println("Timeline of order " + orderId + " (the poison event) across the three services:");
    out.println(
        "  (eventline timeline "
            + correlation
            + " --service orders=... --service payments=... --service notifications=...)");
    out.println();
    out.print(TimelineFormat.TEXT.render(Timeline.of(correlation, sources)));
  }

  private boolean waitFor(Progress progress, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      progress.tick();
      Thread.sleep(200);
    }
    progress.tick();
    return true;
  }

  private void step(String text) {
    out.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, text);
  }

  /**
   * The demo's settings.
   *
   * @param orders how many orders to place
   * @param threads how many threads place them
   * @param faults whether to inject the relay kill, duplicates and broker restart
   * @param seed the order generator's seed
   * @param transport {@code kafka}, {@code rabbitmq} or {@code nats} (see {@link
   *     io.eventline.examples.Broker})
   * @param address where the broker is: Kafka's bootstrap servers ({@code null}: the embedded
   *     broker), the RabbitMQ URI or the NATS servers ({@code null}: the local default)
   * @param jdbcUrls none (embedded PostgreSQL), one (a schema per service is created in it) or
   *     three (orders, payments, notifications)
   * @param report a JSON report file, or {@code null}
   */
  public record DemoOptions(
      int orders,
      int threads,
      boolean faults,
      long seed,
      String transport,
      String address,
      List<String> jdbcUrls,
      java.nio.file.Path report) {
    public DemoOptions {
      jdbcUrls = jdbcUrls == null ? List.of() : List.copyOf(jdbcUrls);
      transport = io.eventline.examples.Broker.requireKind(transport);
      if (jdbcUrls.size() != 0 && jdbcUrls.size() != 1 && jdbcUrls.size() != 3) {
        throw new IllegalArgumentException(
            "give one --jdbc-url (a schema per service is created in it) or three (orders,"
                + " payments, notifications), not "
                + jdbcUrls.size());
      }
      if (orders < 10 || orders > 1_000_000) {
        throw new IllegalArgumentException("--orders must be in [10, 1000000] but was " + orders);
      }
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("--threads must be in [1, 64] but was " + threads);
      }
    }

    /** Kafka on embedded defaults: the only broker the demo starts, stops and restarts itself. */
    public boolean embeddedKafka() {
      return transport.equals("kafka") && address == null;
    }
  }
}

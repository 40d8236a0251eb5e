package io.eventline.bench.outbox;

import io.eventline.bench.workload.Business;
import io.eventline.bench.workload.Workload;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.PostgresServer;
import io.eventline.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The outbox benchmark driver: one Kafka broker in this JVM, the shared PostgreSQL server, and each
 * system under test in a runner JVM of its own, one after another, each against a fresh database
 * and a fresh topic (6 partitions, LogAppendTime). Prints one line per run and the tables at the
 * end. See run.sh for the options.
 */
public final class OutboxBench {
  private final Workload options;
  private final Path root;
  private final Path logs;
  private final BenchSystems systems;
  private final Results results = new Results();
  private EmbeddedKafka kafka;
  private int runNumber;

  private OutboxBench(Workload options) {
    this.options = options;
    this.root = Path.of(options.get("root", ".")).toAbsolutePath().normalize();
    this.logs = Path.of(options.get("logs", root + "/eventline-bench-outbox/target/runs"));
    this.systems = new BenchSystems(options, root);
  }

  public static void main(String[] args) throws Exception {
    Workload options = Workload.parse(args);
    new OutboxBench(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    List<String> scenarios =
        List.of(
            options.get("scenarios", "producer,backlog,steady500,steady2000,overhead").split(","));
    List<String> names = List.of(options.get("systems", "eventline,gruelbox,modulith").split(","));
    int repeat = options.getInt("repeat", 1);
    Path brokerDir = Files.createTempDirectory("obench-kafka-");
    kafka = EmbeddedKafka.start(brokerDir);
    try {
      log("broker " + kafka.bootstrapServers() + ", " + Runtime.version() + ", load " + load());
      for (int r = 1; r <= repeat; r++) {
        for (String scenario : scenarios) {
          if (scenario.equals("producer")) {
            producer(r);
          } else if (scenario.equals("overhead")) {
            overhead(r, 1);
            overhead(r, 4);
          } else if (scenario.equals("fencing")) {
            fencing(r);
          } else {
            String kind = scenario.startsWith("steady") ? "steady" : scenario;
            for (String name : options.get("systems." + kind, String.join(",", names)).split(",")) {
              if (scenario.equals("backlog")) {
                backlog(r, name);
              } else if (scenario.startsWith("steady")) {
                steady(r, name, Integer.parseInt(scenario.substring("steady".length())));
              } else {
                throw new IllegalArgumentException("unknown scenario " + scenario);
              }
            }
          }
        }
      }
    } finally {
      kafka.close();
      deleteRecursively(brokerDir);
    }
    String tables = results.tables();
    System.out.println();
    System.out.println(tables);
    String out = options.get("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), tables);
    }
  }

  private void producer(int repeat) throws Exception {
    String topic = topic("producer");
    List<String> args = new ArrayList<>(List.of("--mode=producer", "--topic=" + topic));
    args.add("--records=" + options.getInt("records", 500_000));
    args.add("--size=" + options.getInt("size", 1024));
    String load = load();
    try (RunnerProcess runner = launch("producer", systems.eventlineCommand(), args, null)) {
      List<String> report = runner.await("producer", 600);
      runner.stop();
      long rate = Long.parseLong(report.get(3));
      results.add(
          "producer", "kafka producer", repeat, Map.of("rate", (double) rate), load, load());
      log(
          String.format(
              Locale.ROOT,
              "producer: %,d rec/s (%s ms, failed %s)",
              rate,
              report.get(2),
              report.get(1)));
    }
    deleteTopic(topic);
  }

  private void overhead(int repeat, int writers) throws Exception {
    try (TestDatabase db = database()) {
      List<String> args =
          List.of(
              "--mode=overhead",
              "--topic=overhead",
              "--writers=" + writers,
              "--phase=" + options.getInt("phase", 5));
      String load = load();
      try (RunnerProcess runner =
          launch("overhead-" + writers, systems.eventlineCommand(), args, db)) {
        List<String> report = runner.await("overhead", 600);
        runner.stop();
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("alone", Double.parseDouble(report.get(1)));
        values.put("with", Double.parseDouble(report.get(2)));
        values.put("ratio", Double.parseDouble(report.get(3)));
        values.put("quiet", Double.parseDouble(report.get(4)));
        values.put("quietRatio", Double.parseDouble(report.get(5)));
        results.add(
            "overhead",
            writers + " writer" + (writers > 1 ? "s" : ""),
            repeat,
            values,
            load,
            load());
        log(
            "overhead, "
                + writers
                + " writers: alone "
                + report.get(1)
                + " tx/s, with outbox "
                + report.get(2)
                + " tx/s, time ratio "
                + report.get(3));
      }
    }
  }

  /**
   * Idempotent vs transactional producers in the relay's shape, with full batches (a backlog:
   * {@code events} events, batches of 500) and with small ones (steady traffic: a fifth of the
   * events, batches of 10).
   */
  private void fencing(int repeat) throws Exception {
    for (int batch : new int[] {500, 10}) {
      int events = batch == 500 ? options.events() : options.events() / 5;
      for (String variant : List.of("idempotent", "transactional")) {
        String topic = topic("fencing");
        List<String> args =
            List.of(
                "--mode=fencing",
                "--topic=" + topic,
                "--variant=" + variant,
                "--events=" + events,
                "--batch=" + batch);
        String load = load();
        try (RunnerProcess runner =
            launch("fencing-" + variant + "-" + batch, systems.eventlineCommand(), args, null)) {
          List<String> report = runner.await("fencing", 900);
          runner.stop();
          Map<String, Double> values = new LinkedHashMap<>();
          values.put("rate", Double.parseDouble(report.get(1)));
          values.put("setupMillis", Double.parseDouble(report.get(4)));
          results.add("fencing", variant + ", batch " + batch, repeat, values, load, load());
          log(
              String.format(
                  Locale.ROOT,
                  "fencing %s, batch %d: %s events/s (%s events, %s ms, %s transactions, producer"
                      + " setup %s ms)",
                  variant,
                  batch,
                  report.get(1),
                  report.get(0),
                  report.get(2),
                  report.get(3),
                  report.get(4)));
        }
        deleteTopic(topic);
      }
    }
  }

  private void backlog(int repeat, String name) throws Exception {
    int events = options.events();
    String topic = topic("backlog");
    try (TestDatabase db = database()) {
      List<String> args = workloadArgs("backlog", topic);
      args.add("--events=" + events);
      try (RunnerProcess runner = launch("backlog-" + name, systems.command(name), args, db)) {
        runner.await("prewritten", 900);
        String load = load();
        long started = Long.parseLong(runner.await("relay-started", 120).get(0));
        CpuMeter cpu = new CpuMeter(runner.pid(), db.jdbcUrl(), db.name());
        CpuMeter.Sample cpuStart = cpu.begin();
        long waited = awaitRecords(topic, events, options.getInt("drain-timeout", 900));
        CpuMeter.Sample used = cpu.sample().minus(cpuStart);
        String loadAfter = load();
        runner.stop();
        TopicAudit.Result audit =
            TopicAudit.read(kafka.bootstrapServers(), topic, events, seq -> true, Long.MAX_VALUE);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("rate", audit.appendRate());
        values.put("secondHalf", audit.secondHalfRate());
        values.put(
            "fromStart",
            audit.distinct() * 1000.0 / Math.max(1, audit.lastAppendMillis() - started / 1000));
        counts(values, audit);
        cpu(values, used, audit.distinct());
        results.add("backlog", name, repeat, values, load, loadAfter);
        log(
            String.format(
                Locale.ROOT,
                "backlog %s: %,.0f ev/s (first->last append), %,.0f ev/s over the second half, %,.0f ev/s from relay start; %s; waited %d ms",
                name,
                values.get("rate"),
                values.get("secondHalf"),
                values.get("fromStart"),
                describe(audit),
                waited));
      }
    }
    deleteTopic(topic);
  }

  private void steady(int repeat, String name, int rate) throws Exception {
    String topic = topic("steady");
    int seconds = options.getInt("seconds", 30);
    try (TestDatabase db = database()) {
      List<String> args = workloadArgs("steady", topic);
      args.add("--rate=" + rate);
      args.add("--seconds=" + seconds);
      try (RunnerProcess runner =
          launch("steady" + rate + "-" + name, systems.command(name), args, db)) {
        runner.await("relay-started", 300);
        // CPU is counted from the warm-up cut, like the latencies (writers start ~50 ms after)
        Thread.sleep(50 + seconds * 1000L / 4);
        CpuMeter cpu = new CpuMeter(runner.pid(), db.jdbcUrl(), db.name());
        CpuMeter.Sample cpuStart = cpu.begin();
        String load = load();
        List<String> writes = runner.await("writes", seconds + 600);
        String loadAfter = load();
        long startedMicros = Long.parseLong(writes.get(0));
        long committed = Long.parseLong(writes.get(1));
        long total = (long) rate * seconds;
        Set<Long> failed = new HashSet<>();
        if (!writes.get(5).equals("-")) {
          for (String seq : writes.get(5).split(",")) {
            failed.add(Long.parseLong(seq));
          }
        }
        long waited = awaitRecords(topic, committed, options.getInt("drain-timeout", 120));
        CpuMeter.Sample used = cpu.sample().minus(cpuStart);
        runner.stop();
        long warmup = startedMicros + seconds * 1_000_000L / 4;
        TopicAudit.Result audit =
            TopicAudit.read(
                kafka.bootstrapServers(), topic, total, seq -> !failed.contains(seq), warmup);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("p50", audit.percentileMillis(50));
        values.put("p99", audit.percentileMillis(99));
        values.put("max", audit.percentileMillis(100));
        values.put("committed", (double) committed);
        values.put("lateWrites", Double.parseDouble(writes.get(2)));
        values.put("writeRate", committed / Double.parseDouble(writes.get(4)));
        values.put("drainMillis", (double) waited);
        counts(values, audit);
        cpu(values, used, audit.latencyMicros().length);
        results.add("steady" + rate, name, repeat, values, load, loadAfter);
        log(
            String.format(
                Locale.ROOT,
                "steady %d/s %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms; committed %d (failed %d, late %s, max lag %s ms); %s; drained %d ms after the writers",
                rate,
                name,
                values.get("p50"),
                values.get("p99"),
                values.get("max"),
                committed,
                failed.size(),
                writes.get(2),
                writes.get(3),
                describe(audit),
                waited));
      }
    }
    deleteTopic(topic);
  }

  private static void counts(Map<String, Double> values, TopicAudit.Result audit) {
    values.put("distinct", (double) audit.distinct());
    values.put("duplicates", (double) audit.duplicates());
    values.put("lost", (double) audit.missing());
    values.put("reordered", (double) audit.orderViolations());
  }

  private static void cpu(Map<String, Double> values, CpuMeter.Sample used, long events) {
    double perThousand = 1000.0 / Math.max(1, events);
    values.put("cpuRunner", used.runnerMillis() * perThousand);
    values.put("cpuDatabase", used.databaseMillis() * perThousand);
    values.put("cpuBroker", used.brokerMillis() * perThousand);
    log(
        String.format(
            Locale.ROOT,
            "  CPU ms per 1,000 events: runner %.0f, PostgreSQL %.0f, broker+driver %.0f",
            values.get("cpuRunner"),
            values.get("cpuDatabase"),
            values.get("cpuBroker")));
  }

  private static String describe(TopicAudit.Result audit) {
    return String.format(
        Locale.ROOT,
        "%d records, %d distinct, %d duplicates, %d not delivered, %d out of per-key order",
        audit.records(),
        audit.distinct(),
        audit.duplicates(),
        audit.missing(),
        audit.orderViolations());
  }

  private List<String> workloadArgs(String mode, String topic) {
    List<String> args = new ArrayList<>();
    args.add("--mode=" + mode);
    args.add("--topic=" + topic);
    args.add("--aggregates=" + options.aggregates());
    args.add("--writers=" + options.writers());
    return args;
  }

  private RunnerProcess launch(
      String label, List<String> command, List<String> args, TestDatabase db) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.add("--bootstrap=" + kafka.bootstrapServers());
    if (db != null) {
      full.add("--jdbc=" + db.jdbcUrl());
    }
    full.addAll(args);
    runNumber++;
    Path log = logs.resolve(String.format(Locale.ROOT, "%02d-%s.log", runNumber, label));
    log("run " + runNumber + ": " + String.join(" ", full));
    return RunnerProcess.start(full, log);
  }

  private TestDatabase database() {
    PostgresServer server =
        PostgresServer.shared()
            .orElseThrow(() -> new IllegalStateException(PostgresServer.unavailableReason()));
    TestDatabase db = server.createDatabase("obench");
    db.execute(Business.DDL);
    return db;
  }

  private String topic(String prefix) throws Exception {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(name, 6, (short) 1)
                      .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          var description = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
          if (description.partitions().stream()
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
            return name;
          }
        } catch (ExecutionException e) {
          // not there yet
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " has no leaders after 30 s");
        }
        Thread.sleep(20);
      }
    }
  }

  private void deleteTopic(String topic) {
    try (Admin admin = admin()) {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log("could not delete topic " + topic + ": " + e);
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** Waits until the topic holds {@code count} records, or the timeout; returns the wait in ms. */
  private long awaitRecords(String topic, long count, int timeoutSeconds)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try (KafkaConsumer<byte[], byte[]> consumer = TopicAudit.consumer(kafka.bootstrapServers())) {
      while (TopicAudit.recordCount(consumer, topic) < count && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long waited = (System.nanoTime() - started) / 1_000_000;
      Thread.sleep(1_000); // let late duplicates land before the audit
      return waited;
    }
  }

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  static void log(String line) {
    System.out.println(Instant.now().toString().substring(11, 19) + " " + line);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}

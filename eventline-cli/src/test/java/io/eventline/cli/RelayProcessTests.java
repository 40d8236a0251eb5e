package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Outbox;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code eventline relay} as a real process: SIGTERM stops it cleanly with exit 0 and releases its
 * leases; {@code kill -9} loses nothing, because the next relay publishes what it left unmarked.
 */
class RelayProcessTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  private final EventFactory events = EventFactory.create();
  private EmbeddedKafka kafka;
  private String topic;

  @BeforeEach
  void setUp() {
    kafka = EmbeddedKafka.shared();
    SchemaMigrator.create(db.dataSource()).migrate();
    db.database().execute("DELETE FROM eventline_outbox");
    topic = kafka.freshTopic("order", 3);
  }

  @Test
  void sigtermStopsGracefullyWithExitZeroAndReleasesLeases() throws Exception {
    write(200);
    Process relay = start("graceful");
    await().atMost(Duration.ofSeconds(60)).until(() -> unpublished() == 0);

    relay.destroy(); // SIGTERM

    assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log("graceful"));
    assertThat(relay.exitValue()).as(output).isZero();
    assertThat(output).contains("acquired outbox partition").contains("stopped cleanly");
    assertThat(count("SELECT count(*) FROM eventline_outbox_lease WHERE owner IS NOT NULL"))
        .isZero();
  }

  @Test
  void killMinusNineLosesNothing() throws Exception {
    List<UUID> ids = write(20_000);
    Process doomed = start("doomed");
    await().atMost(Duration.ofSeconds(120)).until(() -> unpublished() < 19_000);

    doomed.destroyForcibly(); // SIGKILL: no shutdown hook, leases left to expire
    doomed.waitFor(10, TimeUnit.SECONDS);
    Process successor = start("successor");
    try {
      await().atMost(Duration.ofSeconds(180)).until(() -> unpublished() == 0);
    } finally {
      successor.destroy();
      successor.waitFor(30, TimeUnit.SECONDS);
    }

    Set<String> delivered = readIds(ids.size());
    assertThat(delivered).hasSize(ids.size());
  }

  private Process start(String name) throws Exception {
    String jar = System.getProperty("eventline.jar", "target/eventline.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-jar",
                jar,
                "relay",
                "--jdbc-url",
                db.jdbcUrl(),
                "--db-user",
                db.database().user(),
                "--kafka",
                kafka.bootstrapServers(),
                "--instance-id",
                name,
                "--workers",
                "2",
                "--progress-every",
                "PT1S")
            .redirectErrorStream(true)
            .redirectOutput(log(name).toFile());
    return builder.start();
  }

  private Path log(String name) {
    return Path.of("target", "relay-" + name + "-" + db.database().name() + ".log");
  }

  private List<UUID> write(int count) {
    Outbox outbox = Outbox.create();
    JdbcTransactions transactions = JdbcTransactions.of(db.dataSource());
    List<UUID> ids = new ArrayList<>();
    for (int start = 0; start < count; start += 1_000) {
      List<EventEnvelope<?>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 1_000); i++) {
        EventEnvelope<Map<String, Integer>> event =
            events.event("order.placed", topic, "agg-" + (i % 100), Map.of("seq", i));
        batch.add(event);
        ids.add(event.eventId());
      }
      transactions.run(
          connection -> {
            outbox.append(connection, batch);
            return null;
          });
    }
    return ids;
  }

  private long unpublished() throws SQLException {
    return count("SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL");
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = db.dataSource().getConnection();
        ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private Set<String> readIds(int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (ids.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          ids.add(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
        }
      }
    }
    return ids;
  }

  static {
    new File("target").mkdirs();
  }
}

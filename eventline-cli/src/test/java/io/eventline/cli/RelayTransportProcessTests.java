package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.JdbcTransactions;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.Outbox;
import io.eventline.testkit.DatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code eventline relay --transport rabbitmq} as a real process, on the local RabbitMQ. */
class RelayTransportProcessTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

  @Test
  void relaysToRabbitMqAndStopsCleanly() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(URI);
    com.rabbitmq.client.Connection rabbit;
    try {
      rabbit = factory.newConnection("eventline-cli-tests");
    } catch (java.io.IOException e) {
      Assumptions.abort("RabbitMQ is not reachable at " + URI + ": " + e);
      return;
    }
    String topic = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> queues = List.of(topic + ".check.0", topic + ".check.1");
    try (rabbit;
        Channel channel = rabbit.createChannel()) {
      channel.exchangeDeclare(topic, "direct", true);
      for (int p = 0; p < 2; p++) {
        channel.queueDeclare(queues.get(p), true, false, false, Map.of());
        channel.queueBind(queues.get(p), topic, Integer.toString(p));
      }
      SchemaMigrator.create(db.dataSource()).migrate();
      write(topic, 200);

      Process relay = start(topic);
      try {
        await().atMost(Duration.ofSeconds(90)).until(() -> unpublished() == 0);
      } finally {
        relay.destroy(); // SIGTERM
      }

      assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log());
      assertThat(relay.exitValue()).as(output).isZero();
      // The password is masked; here the user name equals the password, so it is masked too.
      assertThat(output)
          .contains("RabbitMQ amqp://")
          .contains("@127.0.0.1:5672")
          .doesNotContain("guest:guest");
      long delivered = 0;
      for (String queue : queues) {
        delivered += channel.messageCount(queue);
      }
      assertThat(delivered).isEqualTo(200);
      for (String queue : queues) {
        channel.queueDelete(queue);
      }
      channel.exchangeDelete(topic);
    }
  }

  private Process start(String topic) throws Exception {
    String jar = System.getProperty("eventline.jar", "target/eventline.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-jar",
            jar,
            "relay",
            "--jdbc-url",
            db.jdbcUrl(),
            "--db-user",
            db.database().user(),
            "--transport",
            "rabbitmq",
            "--rabbitmq",
            URI,
            "--broker-partitions",
            "2",
            "--workers",
            "2")
        .redirectErrorStream(true)
        .redirectOutput(log().toFile())
        .start();
  }

  private Path log() {
    new java.io.File("target").mkdirs();
    return Path.of("target", "relay-rabbitmq-" + db.database().name() + ".log");
  }

  private void write(String topic, int count) {
    EventFactory events = EventFactory.create();
    List<EventEnvelope<?>> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(events.event("order.placed", topic, "agg-" + (i % 20), Map.of("seq", i)));
    }
    JdbcTransactions.of(db.dataSource())
        .run(
            connection -> {
              Outbox.create().append(connection, batch);
              return null;
            });
  }

  private long unpublished() throws Exception {
    try (java.sql.Connection connection = db.dataSource().getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM eventline_outbox WHERE published_at IS NULL")) {
      row.next();
      return row.getLong(1);
    }
  }
}

package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.testkit.DatabaseExtension;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI against a real PostgreSQL: what it prints, and that failures are one clear line. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  String[] withDb(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--jdbc-url";
    all[args.length + 1] = db.jdbcUrl();
    all[args.length + 2] = "--db-user";
    all[args.length + 3] = db.database().user();
    return all;
  }

  @Test
  @Order(1)
  void commandsOnAnUnmigratedDatabaseSayToMigrate() {
    Cli cli = Cli.run(withDb("outbox", "status"));

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("eventline migrate").doesNotContain("\tat ");
  }

  @Test
  @Order(2)
  void migrateCreatesEveryTableAndIsIdempotent() {
    Cli first = Cli.run(withDb("migrate"));
    Cli second = Cli.run(withDb("migrate"));

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).contains("applied").contains("outbox V1").contains("inbox V1");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("up to date");
  }

  @Test
  @Order(3)
  void migratePrintsTheDdlForOtherTools() {
    Cli cli = Cli.run(withDb("migrate", "--print-sql"));

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("CREATE TABLE IF NOT EXISTS eventline_outbox");
  }

  @Test
  @Order(4)
  void statusShowsCountsAndPartitionOwnersAsTextAndJson() {
    Cli text = Cli.run(withDb("outbox", "status"));
    Cli json = Cli.run(withDb("outbox", "status", "--json"));

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("pending 0").contains("(free): 0,1,2");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).contains("\"pending\" : 0").contains("\"partitions\"");
  }

  @Test
  @Order(5)
  void deadEventsAreListedRetriedAndSkipped() {
    UUID dead = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    for (UUID id : new UUID[] {dead, other}) {
      db.database()
          .execute(
              "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type,"
                  + " payload, attempts, dead_at, last_error) VALUES ('"
                  + id
                  + "', 'order', '"
                  + id
                  + "', 'order.placed', '{}', 3, now(), 'topic order does not exist')");
    }

    Cli listed = Cli.run(withDb("outbox", "dead"));
    Cli retried = Cli.run(withDb("outbox", "retry", dead.toString()));
    Cli again = Cli.run(withDb("outbox", "retry", dead.toString()));
    Cli skipped = Cli.run(withDb("outbox", "skip", other.toString(), "--reason", "bad data"));
    Cli unknown = Cli.run(withDb("outbox", "retry", UUID.randomUUID().toString()));
    Cli notAnId = Cli.run(withDb("outbox", "skip", "42; DROP TABLE eventline_outbox"));

    assertThat(listed.out()).contains(dead.toString()).contains("topic order does not exist");
    assertThat(retried.exitCode()).isZero();
    assertThat(retried.out()).contains("will be sent again");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("has not failed");
    assertThat(skipped.exitCode()).isZero();
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no event");
    assertThat(notAnId.exitCode()).isEqualTo(1);
    assertThat(notAnId.err()).contains("is not an event id");
    assertThat(Cli.run(withDb("outbox", "dead")).out()).contains("no dead events");
  }

  @Test
  @Order(6)
  void inboxDeadLettersAreListedAndReplayRequested() {
    UUID dead = UUID.randomUUID();
    db.database()
        .execute(
            "INSERT INTO eventline_dead_letter (consumer, kind, event_id, event_type, aggregate_type,"
                + " aggregate_id, error, dead_at, attempts) VALUES ('payments', 'FAILED', '"
                + dead
                + "', 'order.placed', 'order', '42', 'provider down\n  at x.y', now(), 4)");

    Cli listed = Cli.run(withDb("inbox", "dead"));
    Cli json = Cli.run(withDb("inbox", "dead", "--consumer", "payments", "--json"));
    Cli replayed = Cli.run(withDb("inbox", "replay", dead.toString(), "--consumer", "payments"));
    Cli again = Cli.run(withDb("inbox", "replay", dead.toString()));
    Cli unknown = Cli.run(withDb("inbox", "replay", UUID.randomUUID().toString()));
    Cli badConsumer = Cli.run(withDb("inbox", "dead", "--consumer", "x'; DROP TABLE y; --"));

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out())
        .contains(dead.toString())
        .contains("provider down")
        .doesNotContain("at x.y");
    assertThat(json.out()).contains("\"consumer\" : \"payments\"");
    assertThat(replayed.exitCode()).isZero();
    assertThat(replayed.out()).contains("replay of " + dead + " requested");
    assertThat(again.exitCode()).isZero();
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no dead letter");
    assertThat(badConsumer.exitCode()).isEqualTo(1);
    assertThat(badConsumer.err()).contains("consumer name");
  }

  @Test
  @Order(7)
  void injectionStringsInArgumentsAreDataOrRefused() {
    String hostile = "x' OR '1'='1'; DROP TABLE eventline_outbox; --";
    String service = "orders=" + db.jdbcUrl() + "&user=" + db.database().user();

    Cli correlation = Cli.run("timeline", hostile, "--service", service);
    Cli aggregate = Cli.run("timeline", "--aggregate", "order:" + hostile, "--service", service);
    Cli event = Cli.run("timeline", "--event", hostile, "--service", service);
    Cli serviceName = Cli.run("timeline", "c", "--service", "a'b=" + db.jdbcUrl());
    Cli format = Cli.run("timeline", "c", "--service", service, "--format", "<script>");
    Cli limit = Cli.run(withDb("outbox", "dead", "--limit", "-1"));
    Cli kafkaProperty =
        Cli.run(withDb("relay", "--kafka", "127.0.0.1:1", "--kafka-property", hostile));

    assertThat(correlation.exitCode()).isZero();
    assertThat(correlation.out()).contains("nothing found");
    assertThat(aggregate.exitCode()).isZero();
    assertThat(aggregate.out()).contains("nothing found");
    assertThat(event.exitCode()).isEqualTo(1);
    assertThat(event.err()).contains("no service's tables know event");
    assertThat(serviceName.exitCode()).isEqualTo(1);
    assertThat(serviceName.err()).contains("TimelineSource.service must be");
    assertThat(format.exitCode()).isEqualTo(1);
    assertThat(format.err()).contains("unknown timeline format");
    assertThat(limit.exitCode()).isEqualTo(1);
    assertThat(limit.err()).contains("limit must be at least 1");
    assertThat(kafkaProperty.exitCode()).isEqualTo(1);
    assertThat(kafkaProperty.err()).contains("is not a Kafka setting name");
    assertThat(Cli.run(withDb("outbox", "status")).exitCode()).isZero(); // the table is still there
  }

  @Test
  void urlWithoutADatabaseIsRefusedWithAHint() {
    Cli cli = Cli.run("outbox", "status", "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("names no database");
  }

  @Test
  void unreachableDatabaseIsOneLineWithoutTheSecret() {
    Cli cli =
        Cli.run(
            "outbox",
            "status",
            "--jdbc-url",
            "jdbc:postgresql://127.0.0.1:1/orders?user=app&password=Planted-Secret-1");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err())
        .contains("cannot connect")
        .doesNotContain("Planted-Secret-1")
        .doesNotContain("\tat ");
    assertThat(cli.err().lines().count()).isEqualTo(1);
  }

  @Test
  void unreachableKafkaIsReportedBeforeTheRelayStarts() {
    Cli.run(withDb("migrate"));

    Cli cli = Cli.run(withDb("relay", "--kafka", "127.0.0.1:1", "--kafka-timeout", "PT2S"));

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("cannot reach Kafka at 127.0.0.1:1");
  }

  @Test
  void aTransportWithoutItsConnectionOptionIsRefusedWithTheOptionToGive() {
    Cli.run(withDb("migrate"));

    assertThat(Cli.run(withDb("relay", "--transport", "nats")).err())
        .contains("--transport nats needs --nats URL");
    assertThat(Cli.run(withDb("relay")).err()).contains("--transport kafka needs --kafka");
    Cli bogus = Cli.run(withDb("relay", "--transport", "carrier-pigeon"));
    assertThat(bogus.exitCode()).isEqualTo(1);
    assertThat(bogus.err()).contains("--transport must be kafka, sqs, rabbitmq or nats");
  }

  @Test
  void unknownCommandsAndMissingOptionsAreUsageErrors() {
    assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
    assertThat(Cli.run("outbox", "status").err()).contains("--jdbc-url");
  }
}

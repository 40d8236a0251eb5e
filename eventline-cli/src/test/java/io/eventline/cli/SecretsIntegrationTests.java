package io.eventline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.eventline.testkit.DatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A secret planted in every place a user can put one — a JDBC URL's password, Kafka SASL and TLS
 * settings, an error text stored in a row — never appears in anything Eventline prints: standard
 * output, error output (with and without --verbose), log lines and logged exceptions, JSON and HTML
 * output, the demo's output and its JSON report.
 */
class SecretsIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static final String SECRET = "Planted-Secret-7f3a";
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final List<String> printed = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  /** The test database's URL, with a password the trust-auth server ignores. */
  String url() {
    return db.jdbcUrl() + "&user=" + db.database().user() + "&password=" + SECRET;
  }

  void run(String... args) {
    Cli cli = Cli.run(args);
    printed.add(cli.out());
    printed.add(cli.err());
  }

  @Test
  void noOutputPathShowsThePlantedSecret() {
    run("migrate", "--jdbc-url", url());
    run("migrate", "--jdbc-url", url(), "--verbose");
    UUID dead = UUID.randomUUID();
    db.database()
        .execute(
            "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type,"
                + " payload, attempts, dead_at, last_error) VALUES ('"
                + dead
                + "', 'order', '1',"
                + " 'order.placed', '{}', 3, now(), 'cannot reach jdbc:postgresql://db/x?password="
                + SECRET
                + " and sasl password=\""
                + SECRET
                + "\"')");
    db.database()
        .execute(
            "INSERT INTO eventline_dead_letter (consumer, kind, event_id, error, dead_at) VALUES"
                + " ('payments', 'FAILED', '"
                + dead
                + "', 'login failed: password="
                + SECRET
                + "', now())");
    for (String json : new String[] {"", "--json"}) {
      run(args("outbox", "status", "--jdbc-url", url(), json));
      run(args("outbox", "dead", "--jdbc-url", url(), json));
      run(args("inbox", "dead", "--jdbc-url", url(), json));
    }
    run("outbox", "retry", "--jdbc-url", url(), UUID.randomUUID().toString(), "--verbose");
    run(
        "relay",
        "--jdbc-url",
        url(),
        "--kafka",
        "127.0.0.1:1",
        "--kafka-timeout",
        "PT1S",
        "--kafka-property",
        "security.protocol=SASL_PLAINTEXT",
        "--kafka-property",
        "sasl.mechanism=PLAIN",
        "--kafka-property",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\""
            + SECRET
            + "\";",
        "--kafka-property",
        "ssl.truststore.password=" + SECRET,
        "--verbose");
    run("outbox", "status", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x?password=" + SECRET);
    run(
        "outbox",
        "status",
        "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/x?password=" + SECRET,
        "--verbose");
    run("outbox", "status", "--jdbc-url", "jdbc:mariadb://app:" + SECRET + "@127.0.0.1:1/x");
    for (String format : new String[] {"text", "json", "mermaid", "html"}) {
      run(
          "timeline",
          "--event",
          dead.toString(),
          "--service",
          "orders=" + url(),
          "--format",
          format);
      run("timeline", "nothing", "--service", "orders=" + url(), "--format", format);
    }

    assertThat(printed).allSatisfy(text -> assertThat(text).doesNotContain(SECRET));
    assertThat(logs.list)
        .isNotEmpty()
        .allSatisfy(
            event -> {
              assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
              if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy()))
                    .doesNotContain(SECRET);
              }
            });
    assertThat(String.join("\n", printed)).contains("order.placed").contains("cannot reach Kafka");
  }

  /**
   * The demo on the test database with the planted password in its JDBC URL, with --verbose so that
   * every library log reaches the captured logs: its output, its JSON report and its logs.
   */
  @Test
  void theDemoShowsThePlantedSecretNowhere() throws Exception {
    Path report = Files.createTempFile("demo-secret", ".json");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run(
          "demo",
          "--orders",
          "100",
          "--no-faults",
          "--jdbc-url",
          url(),
          "--report",
          "json",
          report.toString(),
          "--verbose");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    Matcher run = Pattern.compile("schemas (demo_[0-9a-z]+)_\\{").matcher(output);
    if (run.find()) {
      for (String service : List.of("orders", "payments", "notifications")) {
        db.database().execute("DROP SCHEMA IF EXISTS " + run.group(1) + "_" + service + " CASCADE");
      }
    }
    printed.add(output);
    printed.add(Files.readString(report));
    Files.delete(report);

    assertThat(output).contains("VERDICT: all checks held");
    assertThat(printed).allSatisfy(text -> assertThat(text).doesNotContain(SECRET));
    assertThat(logs.list)
        .isNotEmpty()
        .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(SECRET));
  }

  static String[] args(String... values) {
    return java.util.Arrays.stream(values).filter(v -> !v.isEmpty()).toArray(String[]::new);
  }
}

package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.eventstore.AppendResult;
import io.eventline.eventstore.EventStore;
import io.eventline.eventstore.ExpectedVersion;
import io.eventline.eventstore.WrongExpectedVersionException;
import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The auto-configured event store in Spring-managed transactions, with every append also written to
 * the outbox and relayed to Kafka: the stream, the application's own rows and the outbox rows
 * commit together or not at all.
 */
class EventStoreWriterIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  record Noted(String text) {}

  static ConfigurableApplicationContext context;
  static String topic;

  @BeforeAll
  static void start() {
    topic = EmbeddedKafka.shared().freshTopic("ledger", 1);
    db.database().execute("CREATE TABLE ledger_view (id TEXT PRIMARY KEY)");
    context =
        TestContexts.start(
            db,
            Map.of(
                "eventline.inbox.enabled", "false",
                "eventline.event-store.publish-to-outbox", "true"));
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void committedAppendsKeepTheStreamTheRowsAndTheOutboxTogether() {
    EventEnvelope<Noted> first = noted("ledger-1", "opened");
    EventEnvelope<Noted> second = noted("ledger-1", "credited");

    AppendResult appended =
        transactions()
            .execute(
                status -> {
                  jdbc().update("INSERT INTO ledger_view (id) VALUES ('ledger-1')");
                  return writer()
                      .append("ledger-1", ExpectedVersion.NO_STREAM, List.of(first, second));
                });

    assertThat(appended.lastVersion()).isEqualTo(2);
    assertThat(store().readStreamForward("ledger-1", 1, 10)).hasSize(2);
    assertThat(count("SELECT count(*) FROM ledger_view WHERE id = 'ledger-1'")).isOne();
    assertThat(outboxRows("ledger-1")).isEqualTo(2);
    // and the relay publishes them, with the stream version on each record
    assertThat(
            Topics.eventIds(
                EmbeddedKafka.shared().bootstrapServers(),
                topic,
                second.eventId().toString(),
                WAIT))
        .containsSubsequence(first.eventId().toString(), second.eventId().toString());
  }

  @Test
  void aRolledBackTransactionLeavesNoEventNoRowAndNoOutboxRow() {
    EventEnvelope<Noted> lost = noted("ledger-2", "opened");

    assertThatThrownBy(
            () ->
                transactions()
                    .executeWithoutResult(
                        status -> {
                          jdbc().update("INSERT INTO ledger_view (id) VALUES ('ledger-2')");
                          writer().append("ledger-2", ExpectedVersion.NO_STREAM, List.of(lost));
                          throw new IllegalStateException("the payment was declined");
                        }))
        .hasMessageContaining("declined");

    assertThat(store().readStreamForward("ledger-2", 1, 10)).isEmpty();
    assertThat(count("SELECT count(*) FROM ledger_view WHERE id = 'ledger-2'")).isZero();
    assertThat(outboxRows("ledger-2")).isZero();
  }

  @Test
  void aVersionConflictAbortsTheWholeTransaction() {
    transactions()
        .executeWithoutResult(
            status ->
                writer()
                    .append(
                        "ledger-3", ExpectedVersion.NO_STREAM, List.of(noted("ledger-3", "a"))));

    assertThatThrownBy(
            () ->
                transactions()
                    .executeWithoutResult(
                        status -> {
                          jdbc().update("INSERT INTO ledger_view (id) VALUES ('ledger-3')");
                          writer()
                              .append(
                                  "ledger-3",
                                  ExpectedVersion.NO_STREAM,
                                  List.of(noted("ledger-3", "b")));
                        }))
        .isInstanceOf(WrongExpectedVersionException.class);

    assertThat(store().readStreamForward("ledger-3", 1, 10)).hasSize(1);
    assertThat(count("SELECT count(*) FROM ledger_view WHERE id = 'ledger-3'")).isZero();
    assertThat(outboxRows("ledger-3")).isOne();
  }

  @Test
  void anAppendOutsideATransactionFailsLoudlyAndWritesNothing() {
    assertThatThrownBy(
            () ->
                writer()
                    .append("ledger-4", ExpectedVersion.NO_STREAM, List.of(noted("ledger-4", "x"))))
        .isInstanceOf(NoTransactionException.class)
        .hasMessageContaining("'ledger-4'")
        .hasMessageContaining("EventStoreWriter.append")
        .hasMessageContaining("@Transactional");
    assertThat(store().readStreamForward("ledger-4", 1, 10)).isEmpty();
  }

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EventEnvelope<Noted> noted(String stream, String text) {
    return context
        .getBean(EventFactory.class)
        .event("ledger.noted", topic, stream, new Noted(text));
  }

  private static EventStoreWriter writer() {
    return context.getBean(EventStoreWriter.class);
  }

  private static EventStore store() {
    return context.getBean(EventStore.class);
  }

  private static TransactionTemplate transactions() {
    return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
  }

  private static JdbcTemplate jdbc() {
    return context.getBean(JdbcTemplate.class);
  }

  private static long outboxRows(String aggregateId) {
    Long rows =
        jdbc()
            .queryForObject(
                "SELECT count(*) FROM eventline_outbox WHERE aggregate_id = ?",
                Long.class,
                aggregateId);
    return rows == null ? 0 : rows;
  }

  private static long count(String query) {
    Long rows = jdbc().queryForObject(query, Long.class);
    return rows == null ? 0 : rows;
  }
}

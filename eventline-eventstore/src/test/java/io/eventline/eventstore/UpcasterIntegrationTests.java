package io.eventline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UpcasterIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();
  static EventStore oldCode;
  static EventStore newCode;

  record PriceV1(long amount) {}

  record PriceV3(long cents, String currency) {}

  @BeforeAll
  static void createStores() {
    oldCode = TestEvents.store(db);
    Upcasters upcasters =
        Upcasters.builder()
            .register(
                "price.changed",
                1,
                node -> {
                  ObjectNode v2 = ((ObjectNode) node).objectNode();
                  v2.put("cents", node.get("amount").asLong() * 100);
                  return v2;
                })
            .register("price.changed", 2, node -> ((ObjectNode) node).put("currency", "EUR"))
            .build();
    newCode = EventStore.builder(db.dataSource()).upcasters(upcasters).build();
  }

  @Test
  void oldEventsAreUpcastOnReadAndNeverRewritten() throws Exception {
    var old = TestEvents.EVENTS.event("price.changed", "price", "p1", new PriceV1(7));
    oldCode.append("price-p1", ExpectedVersion.NO_STREAM, List.of(old));
    var fresh = TestEvents.EVENTS.event("price.changed", "price", "p1", new PriceV3(250, "USD"));
    TestEvents.awaitInFeed(
        newCode, newCode.append("price-p1", ExpectedVersion.exactly(1), List.of(fresh)));

    List<RecordedEvent> read = newCode.readStreamForward("price-p1", 1, 10);
    assertThat(read).allSatisfy(e -> assertThat(e.schemaVersion()).isEqualTo(3));
    assertThat(read.get(0).payload(PriceV3.class)).isEqualTo(new PriceV3(700, "EUR"));
    assertThat(read.get(1).payload(PriceV3.class)).isEqualTo(new PriceV3(250, "USD"));
    List<RecordedEvent> feed =
        newCode.readFeed(FeedFilter.eventType("price.changed"), Checkpoint.START, 10);
    assertThat(feed.get(0).payload(PriceV3.class)).isEqualTo(new PriceV3(700, "EUR"));

    // stored rows are untouched: version 1 stays as written
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT schema_version, convert_from(payload, 'UTF8') FROM eventline_events"
                    + " WHERE stream_id = 'price-p1' ORDER BY stream_version")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.getString(2)).isEqualTo("{\"amount\":7}");
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(3);
    }
    assertThat(oldCode.readStreamForward("price-p1", 1, 1).get(0).payload(PriceV1.class))
        .isEqualTo(new PriceV1(7));
  }
}

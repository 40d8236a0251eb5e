package io.eventline.eventstore;

import static io.eventline.eventstore.TestEvents.notes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.testkit.DatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoredDatabaseIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  @Test
  void aDatabaseWhoseCounterIsBehindTheStoredIdsIsRefusedAtStart() {
    EventStore store = TestEvents.store(db);
    store.append("ok-1", ExpectedVersion.ANY, notes("ok-1", "normal"));
    // the store starts fine as long as the counter is ahead
    TestEvents.store(db);

    // what a logical restore into a younger cluster looks like: stored ids far above the counter
    db.database()
        .execute(
            "INSERT INTO eventline_events (transaction_id, stream_id, stream_version, category,"
                + " event_id, event_type, schema_version, aggregate_type, aggregate_id,"
                + " occurred_at, correlation_id, content_type, payload)"
                + " SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 5000000000)"
                + "   ::text::xid8, 'old-1', 1, 'old', gen_random_uuid(), 'old.noted', 1, 'old',"
                + "   'old-1', now(), 'c', 'application/json', '\\x7b7d'::bytea");

    assertThatThrownBy(() -> TestEvents.store(db))
        .isInstanceOf(RestoredDatabaseException.class)
        .hasMessageContaining("restored")
        .hasMessageContaining("transaction counter is behind")
        .hasMessageContaining("pg_resetwal")
        .hasMessageContaining("refuses to start");
  }
}

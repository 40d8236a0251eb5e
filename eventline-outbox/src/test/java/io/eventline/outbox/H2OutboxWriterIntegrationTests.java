package io.eventline.outbox;

import io.eventline.testkit.DatabaseExtension;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2OutboxWriterIntegrationTests extends OutboxWriterContract {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.h2();

  @Override
  DatabaseExtension database() {
    return db;
  }

  @Override
  String plainSqlInsert(UUID eventId) {
    return "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type, payload)"
        + " VALUES ('"
        + eventId
        + "', 'order', '42', 'order.placed', '{\"total\": 10}')";
  }
}

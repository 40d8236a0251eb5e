package io.eventline.outbox;

import io.eventline.testkit.DatabaseExtension;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbKafkaRelayIntegrationTests extends KafkaRelayContract {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.mariadb();

  @Override
  DatabaseExtension database() {
    return db;
  }

  @Override
  String plainInsert(UUID id, String aggregateType, String aggregateId) {
    return "INSERT INTO eventline_outbox (event_id, aggregate_type, aggregate_id, event_type, payload)"
        + " VALUES ('"
        + id
        + "', '"
        + aggregateType
        + "', '"
        + aggregateId
        + "', 'order.placed', '{\"total\": 10}')";
  }

  @org.junit.jupiter.api.Test
  void thePayloadColumnRefusesWhatIsNotJson() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                database()
                    .database()
                    .execute(
                        hostileInsert(
                            UUID.randomUUID().toString(), "j1", "NULL", "'{}'", "'{not json'")))
        .isInstanceOf(IllegalStateException.class);
  }
}

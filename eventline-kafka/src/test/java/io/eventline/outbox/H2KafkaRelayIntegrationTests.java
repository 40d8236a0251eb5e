package io.eventline.outbox;

import io.eventline.testkit.DatabaseExtension;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2KafkaRelayIntegrationTests extends KafkaRelayContract {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.h2();

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
  void aPayloadThatIsNotJsonGoesDeadWhereTheColumnAcceptedIt() throws Exception {
    String id = UUID.randomUUID().toString();
    database().database().execute(hostileInsert(id, "j1", "NULL", "'{}'", "'{not json'"));
    commit(java.util.List.of(event("fine", 1)));
    OutboxAdmin admin = OutboxAdmin.create(database().dataSource());

    relay("a", s -> {}).start();

    org.assertj.core.api.Assertions.assertThat(read(1))
        .extracting(io.eventline.kafka.TopicReader.Delivered::key)
        .containsOnly("fine");
    org.awaitility.Awaitility.await().atMost(WAIT).until(() -> admin.dead(10).size() == 1);
    org.assertj.core.api.Assertions.assertThat(admin.dead(10).get(0).lastError())
        .contains("not valid JSON");
  }
}

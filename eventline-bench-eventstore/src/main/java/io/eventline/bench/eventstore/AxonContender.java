package io.eventline.bench.eventstore;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon Framework 4.13's JdbcEventStorageEngine with the PostgreSQL table factory, the Jackson
 * serializer, batch size 1000 (its faster setting for reads) and otherwise engine defaults, in
 * plain JDBC transactions ({@link ThreadBoundTransactions}).
 */
final class AxonContender implements Contender {
  private final JdbcEventStorageEngine engine;

  AxonContender(DataSource dataSource) {
    ThreadBoundTransactions transactions = new ThreadBoundTransactions(dataSource);
    JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    this.engine =
        JdbcEventStorageEngine.builder()
            .connectionProvider(transactions)
            .transactionManager(transactions)
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .batchSize(1000)
            .build();
    transactions.executeInTransaction(
        () -> engine.createSchema(PostgresEventTableFactory.INSTANCE));
  }

  @Override
  public String name() {
    return "Axon 4.13 JDBC";
  }

  @Override
  public void appendOne(String stream, long version, Moved payload) {
    engine.appendEvents(
        List.of(new GenericDomainEventMessage<>("bench", stream, version - 1, payload)));
  }

  @Override
  public void appendBatch(String stream, long firstVersion, List<Moved> payloads) {
    List<GenericDomainEventMessage<Moved>> batch = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      batch.add(
          new GenericDomainEventMessage<>("bench", stream, firstVersion - 1 + i, payloads.get(i)));
    }
    engine.appendEvents(batch);
  }

  @Override
  public long readFeed() {
    long[] read = new long[1];
    engine
        .readEvents(null, false)
        .forEach(
            event -> {
              Contender.sink(((Moved) event.getPayload()).amount());
              read[0]++;
            });
    return read[0];
  }

  @Override
  public long replay(String stream) {
    DomainEventStream events = engine.readEvents(stream, 0);
    long read = 0;
    long sum = 0;
    while (events.hasNext()) {
      sum += ((Moved) events.next().getPayload()).amount();
      read++;
    }
    Contender.sink(sum);
    return read;
  }
}

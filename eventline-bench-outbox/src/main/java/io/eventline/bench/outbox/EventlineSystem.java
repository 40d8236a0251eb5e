package io.eventline.bench.outbox;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.bench.workload.Business;
import io.eventline.bench.workload.OutboxSystem;
import io.eventline.bench.workload.Payloads;
import io.eventline.bench.workload.RunnerProtocol;
import io.eventline.bench.workload.Workload;
import io.eventline.core.EventEnvelope;
import io.eventline.core.EventFactory;
import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.kafka.KafkaTransport;
import io.eventline.outbox.Outbox;
import io.eventline.outbox.OutboxRelay;
import io.eventline.outbox.Retention;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * Eventline under test. Relay settings come from the arguments {@code workers}, {@code batch},
 * {@code linger} (ms) and {@code retention} ({@code keep} or {@code delete}); absent ones keep
 * Eventline's defaults.
 */
final class EventlineSystem implements OutboxSystem {
  private final Workload workload;
  private final HikariDataSource writers;
  private final HikariDataSource relayPool;
  private final Outbox outbox = Outbox.builder().dialect(Dialect.postgresql()).build();
  private final EventFactory events = EventFactory.create();
  private OutboxRelay relay;

  EventlineSystem(Workload workload) {
    this.workload = workload;
    this.writers = pool(workload.jdbcUrl(), "writers", workload.writers() + 1);
    this.relayPool = pool(workload.jdbcUrl(), "relay", workload.getInt("workers", 4) + 4);
    SchemaMigrator.create(writers).migrate();
  }

  static HikariDataSource pool(String url, String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername("postgres");
    pool.setPoolName(name);
    pool.setMaximumPoolSize(size);
    return pool;
  }

  @Override
  public void prewrite(int count, int aggregates) throws Exception {
    try (Connection connection = writers.getConnection()) {
      connection.setAutoCommit(false);
      List<EventEnvelope<byte[]>> batch = new ArrayList<>();
      for (long seq = 0; seq < count; seq++) {
        String aggregateId = Payloads.aggregateId(seq, aggregates);
        batch.add(event(seq, aggregateId));
        if (batch.size() == 1_000 || seq == count - 1) {
          for (EventEnvelope<byte[]> event : batch) {
            outbox.append(connection, workload.topic(), event);
          }
          connection.commit();
          batch.clear();
        }
      }
    }
  }

  @Override
  public void startRelay() {
    KafkaTransport.Builder transport = KafkaTransport.builder(workload.bootstrap());
    String linger = workload.get("linger", null);
    if (linger != null) {
      transport.property("linger.ms", linger);
    }
    OutboxRelay.Builder builder = OutboxRelay.builder(relayPool, transport.build());
    String workers = workload.get("workers", null);
    if (workers != null) {
      builder.workers(Integer.parseInt(workers));
    }
    String batch = workload.get("batch", null);
    if (batch != null) {
      builder.batchSize(Integer.parseInt(batch));
    }
    if ("delete".equals(workload.get("retention", "keep"))) {
      builder.retention(Retention.deleteOnPublish());
    }
    relay = builder.build().start();
  }

  @Override
  public void write(long seq, String aggregateId) throws Exception {
    try (Connection connection = writers.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Business.insertOrder(connection, seq, aggregateId);
        outbox.append(connection, workload.topic(), event(seq, aggregateId));
        connection.commit();
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private EventEnvelope<byte[]> event(long seq, String aggregateId) {
    byte[] payload =
        Payloads.json(seq, Payloads.nowMicros(), aggregateId).getBytes(StandardCharsets.UTF_8);
    return events.event(Payloads.EVENT_TYPE, Payloads.AGGREGATE_TYPE, aggregateId, payload);
  }

  @Override
  public void close() {
    if (relay != null) {
      var status = relay.status();
      RunnerProtocol.report(
          "relay-status", status.published(), status.batches(), status.unmarked());
      relay.close();
    }
    writers.close();
    relayPool.close();
  }
}

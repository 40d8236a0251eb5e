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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Eventline under test. Relay settings come from the arguments {@code workers}, {@code batch},
 * {@code linger} (ms), {@code retention} ({@code keep} or {@code delete}) and {@code polling-above}
 * (events/s per worker; {@code max} keeps every writer notifying), {@code busy-linger} (ms, may be
 * fractional), and any producer property as {@code kafka.<property>}; absent ones keep Eventline's
 * defaults. Two experiments that are not supported settings: {@code poll} (the relay's fallback
 * poll, ms) and {@code notify=off} (the NOTIFY trigger disabled, so the relay finds new rows by
 * polling only).
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
    if ("off".equals(workload.get("notify", "on"))) {
      // an experiment, not a supported setting: writers skip the NOTIFY, the relay only polls
      try (Connection connection = writers.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE eventline_outbox DISABLE TRIGGER eventline_outbox_notify");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
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
    workload
        .options()
        .forEach(
            (key, value) -> {
              if (key.startsWith("kafka.")) {
                transport.property(key.substring("kafka.".length()), value);
              }
            });
    OutboxRelay.Builder builder = OutboxRelay.builder(relayPool, transport.build());
    String workers = workload.get("workers", null);
    if (workers != null) {
      builder.workers(Integer.parseInt(workers));
    }
    String batch = workload.get("batch", null);
    if (batch != null) {
      builder.batchSize(Integer.parseInt(batch));
    }
    String pollingAbove = workload.get("polling-above", null);
    if (pollingAbove != null) {
      builder.pollingAbove(
          "max".equals(pollingAbove) ? Integer.MAX_VALUE : Integer.parseInt(pollingAbove));
    }
    String busyLinger = workload.get("busy-linger", null); // milliseconds, may be fractional
    if (busyLinger != null) {
      builder.busyLinger(Duration.ofNanos(Math.round(Double.parseDouble(busyLinger) * 1e6)));
    }
    String poll = workload.get("poll", null);
    if (poll != null) {
      builder.pollInterval(Duration.ofMillis(Long.parseLong(poll)));
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

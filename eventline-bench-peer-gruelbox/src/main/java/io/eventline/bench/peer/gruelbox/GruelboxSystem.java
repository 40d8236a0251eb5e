package io.eventline.bench.peer.gruelbox;

import com.gruelbox.transactionoutbox.Dialect;
import com.gruelbox.transactionoutbox.Instantiator;
import com.gruelbox.transactionoutbox.Persistor;
import com.gruelbox.transactionoutbox.Submitter;
import com.gruelbox.transactionoutbox.ThreadLocalContextTransactionManager;
import com.gruelbox.transactionoutbox.TransactionManager;
import com.gruelbox.transactionoutbox.TransactionOutbox;
import com.zaxxer.hikari.HikariDataSource;
import io.eventline.bench.workload.Business;
import io.eventline.bench.workload.OutboxSystem;
import io.eventline.bench.workload.Payloads;
import io.eventline.bench.workload.Workload;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * gruelbox transaction-outbox 4.2.268 as configured in shared/peer-measurements.md: the row is
 * saved in the business transaction and dispatched after commit by the submitter's executor (here
 * {@code threads} threads, 16 by default; the library's own default is one); a background loop
 * calls {@code flush()} as its README shows (drain while there is work, then sleep a minute). The
 * producer uses Kafka's client defaults (acks=all, idempotence, linger 5 ms).
 */
final class GruelboxSystem implements OutboxSystem {
  private final Workload workload;
  private final HikariDataSource dataSource;
  private final ThreadLocalContextTransactionManager transactions;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaSender sender;
  private final ExecutorService dispatch;
  private volatile TransactionOutbox outbox;
  private Thread flusher;
  private volatile boolean running = true;

  GruelboxSystem(Workload workload) {
    this.workload = workload;
    int threads = workload.getInt("threads", 16);
    this.dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(workload.jdbcUrl());
    dataSource.setUsername("postgres");
    dataSource.setMaximumPoolSize(threads + workload.writers() + 2);
    this.transactions = TransactionManager.fromDataSource(dataSource);
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, workload.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    this.sender = new KafkaSender(producer);
    this.dispatch = Executors.newFixedThreadPool(threads);
    // while pre-writing, a submitter that does nothing leaves every row for flush()
    this.outbox = build((entry, process) -> {}, Duration.ofSeconds(1));
  }

  private TransactionOutbox build(Submitter submitter, Duration attemptFrequency) {
    return TransactionOutbox.builder()
        .transactionManager(transactions)
        .persistor(Persistor.forDialect(Dialect.POSTGRESQL_9))
        .instantiator(Instantiator.using(type -> sender))
        .submitter(submitter)
        .attemptFrequency(attemptFrequency)
        .build();
  }

  @Override
  public void prewrite(int events, int aggregates) throws Exception {
    int perTransaction = 1_000;
    for (int from = 0; from < events; from += perTransaction) {
      int first = from;
      int last = Math.min(events, from + perTransaction);
      transactions.inTransactionThrows(
          tx -> {
            for (long seq = first; seq < last; seq++) {
              String aggregateId = Payloads.aggregateId(seq, aggregates);
              outbox
                  .schedule(KafkaSender.class)
                  .send(
                      workload.topic(),
                      aggregateId,
                      Payloads.json(seq, Payloads.nowMicros(), aggregateId));
            }
          });
    }
    Thread.sleep(1_100); // the rows become due for flush() one attempt interval after scheduling
  }

  @Override
  public void startRelay() {
    outbox = build(Submitter.withExecutor(dispatch), Duration.ofMinutes(2));
    flusher =
        new Thread(
            () -> {
              while (running) {
                try {
                  while (running && outbox.flush()) {
                    // drain while there is work
                  }
                  Thread.sleep(60_000);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  System.err.println("flush failed: " + e);
                }
              }
            },
            "gruelbox-flush");
    flusher.setDaemon(true);
    flusher.start();
  }

  @Override
  public void write(long seq, String aggregateId) throws Exception {
    transactions.inTransactionThrows(
        tx -> {
          Business.insertOrder(tx.connection(), seq, aggregateId);
          outbox
              .schedule(KafkaSender.class)
              .send(
                  workload.topic(),
                  aggregateId,
                  Payloads.json(seq, Payloads.nowMicros(), aggregateId));
        });
  }

  @Override
  public void close() {
    running = false;
    if (flusher != null) {
      flusher.interrupt();
    }
    dispatch.shutdown();
    try {
      dispatch.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
    dataSource.close();
  }
}

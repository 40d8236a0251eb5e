package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import io.eventline.inbox.InboxResult;
import io.eventline.testkit.DatabaseExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redeliveries, racing consumers, crashes, rebalances, shutdown and backpressure. */
@Timeout(180)
class KafkaInboxDeliveryIntegrationTests extends RunnerFixture {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  @Override
  DatabaseExtension database() {
    return db;
  }

  InboxHandler<byte[]> recording(AtomicInteger calls) {
    return (event, context) -> {
      calls.incrementAndGet();
      effect(context, event.eventId(), "ran");
    };
  }

  @Test
  void theSameEventDeliveredThreeTimesRunsTheSideEffectOnce() throws Exception {
    EventEnvelope<byte[]> repeated = event("a-1", 1);
    List<EventEnvelope<byte[]>> others = List.of(event("a-2", 1), event("a-3", 1));
    for (int delivery = 0; delivery < 3; delivery++) {
      send(repeated);
      others.forEach(this::send);
    }
    AtomicInteger calls = new AtomicInteger();

    KafkaInboxConsumer runner = start(runner(inbox(b -> {})).handler(recording(calls)));

    await()
        .atMost(WAIT)
        .until(() -> runner.status().processed() + runner.status().duplicates() == 9);
    assertThat(runner.status().processed()).isEqualTo(3);
    assertThat(runner.status().duplicates()).isEqualTo(6);
    assertThat(calls).hasValue(3);
    assertThat(effects(repeated.eventId())).isEqualTo(1);
    assertEachOnce(effectCounts(), 3);
  }

  @Test
  void twoConsumerInstancesRacingOnDuplicatesRunEachEffectOnce() throws Exception {
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sent.add(event("race-" + (i % 6), i / 6 + 1));
    }
    for (int copy = 0; copy < 2; copy++) {
      sent.forEach(this::send);
    }
    Inbox inbox = inbox(b -> {});
    AtomicInteger calls = new AtomicInteger();
    InboxHandler<byte[]> slow =
        (event, context) -> {
          calls.incrementAndGet();
          effect(context, event.eventId(), "ran");
          Thread.sleep(3);
        };
    // two groups: each instance reads every record, so each event reaches the inbox 4 times, at
    // nearly the same moment from both instances
    KafkaInboxConsumer first = start(runner(inbox).handler(slow));
    group = group + "-twin";
    KafkaInboxConsumer second = start(runner(inbox).handler(slow));

    await()
        .atMost(WAIT)
        .until(
            () ->
                first.status().processed()
                        + first.status().duplicates()
                        + second.status().processed()
                        + second.status().duplicates()
                    == 240);
    assertThat(first.status().processed() + second.status().processed()).isEqualTo(60);
    assertThat(calls).hasValue(60);
    assertEachOnce(effectCounts(), 60);
  }

  @Test
  void aCrashAfterTheDatabaseCommitAndBeforeTheOffsetCommitIsRedeliveredAndSkipped()
      throws Exception {
    List<EventEnvelope<byte[]>> sent = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      sent.add(event("crash", i)); // one key: one partition, in order
    }
    sent.forEach(this::send);
    EventEnvelope<byte[]> victim = sent.get(19);
    CountDownLatch crashed = new CountDownLatch(1);
    AtomicInteger victimPartition = new AtomicInteger(-1);
    AtomicInteger calls = new AtomicInteger();
    TestHooks crashAfterCommit =
        new TestHooks() {
          @Override
          public void afterSettled(ConsumerRecord<byte[], byte[]> record, InboxResult result) {
            if (result.eventId().equals(victim.eventId())) {
              victimPartition.set(record.partition());
              crashed.countDown();
              try {
                Thread.sleep(60_000); // the process dies here; kill() interrupts
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    DefaultKafkaInboxConsumer doomed =
        (DefaultKafkaInboxConsumer)
            start(runner(inbox(b -> {})).handler(recording(calls)).hooks(crashAfterCommit));
    assertThat(crashed.await(60, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300); // let the poll thread commit whatever it would
    doomed.kill();

    assertThat(effects(victim.eventId())).as("the database committed").isEqualTo(1);
    TopicPartition partition = new TopicPartition(topic, victimPartition.get());
    OffsetAndMetadata committed = committedOffsets().get(partition);
    assertThat(committed == null ? 0 : committed.offset())
        .as("the offset of the victim was not committed")
        .isLessThanOrEqualTo(19);

    KafkaInboxConsumer successor = start(runner(inbox(b -> {})).handler(recording(calls)));
    await().atMost(WAIT).until(() -> effectCounts().size() == 30);
    await().atMost(WAIT).until(() -> committedOffset(partition) == 30);
    assertThat(successor.status().duplicates()).isGreaterThanOrEqualTo(1);
    assertEachOnce(effectCounts(), 30);
  }

  @Test
  void aRebalanceMidStreamCausesNoDoubleEffect() throws Exception {
    int total = 900;
    Inbox inbox = inbox(b -> {});
    InboxHandler<byte[]> handler =
        (event, context) -> {
          effect(context, event.eventId(), Thread.currentThread().getName());
          Thread.sleep(2);
        };
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < total; i++) {
                send(event("rb-" + (i % 30), i / 30 + 1));
                if (i % 100 == 99) {
                  sleepQuietly(150);
                }
              }
              producing.set(false);
            });
    writer.start();
    KafkaInboxConsumer a = start(runner(inbox).handler(handler));
    await().atMost(WAIT).until(() -> a.status().processed() >= 100);
    KafkaInboxConsumer b = start(runner(inbox).handler(handler));
    await().atMost(WAIT).until(() -> b.status().processed() >= 50);
    KafkaInboxConsumer c = start(runner(inbox).handler(handler));
    await().atMost(WAIT).until(() -> c.status().processed() >= 20);
    a.close();
    writer.join(TimeUnit.SECONDS.toMillis(60));

    await().atMost(WAIT).until(() -> effectCounts().size() == total);
    assertThat(producing).isFalse();
    Thread.sleep(500);
    assertEachOnce(effectCounts(), total);
    assertThat(a.status().processed() + b.status().processed() + c.status().processed())
        .isEqualTo(total);
  }

  @Test
  void gracefulShutdownFinishesTheRecordInFlightAndCommitsIt() throws Exception {
    List<EventEnvelope<byte[]>> sent = List.of(event("sd", 1), event("sd", 2), event("sd", 3));
    sent.forEach(this::send);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InboxHandler<byte[]> handler =
        (event, context) -> {
          effect(context, event.eventId(), "ran");
          if (event.aggregateVersion() == 2) {
            inside.countDown();
            assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
          }
        };
    KafkaInboxConsumer runner = start(runner(inbox(b -> {})).handler(handler));
    assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
    TopicPartition partition =
        new TopicPartition(
            topic,
            runner.status().partitions().stream()
                .filter(p -> p.nextOffset() >= 0)
                .findFirst()
                .orElseThrow()
                .partition());

    Thread closer = new Thread(runner::close);
    closer.start();
    Thread.sleep(300);
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(60));

    assertThat(closer.isAlive()).isFalse();
    assertThat(effects(sent.get(1).eventId())).isEqualTo(1);
    assertThat(effects(sent.get(2).eventId())).as("queued, not started").isZero();
    assertThat(committedOffset(partition)).isEqualTo(2);
  }

  @Test
  void aSlowHandlerPausesFetchingSoTheQueueStaysBounded() throws Exception {
    for (int i = 1; i <= 400; i++) {
      send(event("slow", i));
    }
    AtomicInteger calls = new AtomicInteger();
    InboxHandler<byte[]> slow =
        (event, context) -> {
          calls.incrementAndGet();
          Thread.sleep(5);
        };
    KafkaInboxConsumer runner =
        start(
            runner(inbox(b -> {}))
                .handler(slow)
                .queueCapacity(20)
                .property("max.poll.records", "10"));
    int largest = 0;
    boolean sawPause = false;
    while (calls.get() < 400) {
      for (ConsumerStatus.PartitionStatus partition : runner.status().partitions()) {
        largest = Math.max(largest, partition.queued());
        sawPause |= partition.paused();
      }
      Thread.sleep(5);
      assertThat(runner.status().running()).isTrue();
    }

    assertThat(sawPause).isTrue();
    assertThat(largest).isLessThanOrEqualTo(20 + 10);
    await().atMost(WAIT).until(() -> runner.status().processed() == 400);
  }

  @Test
  void batchedModeHandlesEveryEventOnce() throws Exception {
    for (int i = 1; i <= 300; i++) {
      send(event("batch-" + (i % 7), i));
    }
    for (int i = 1; i <= 20; i++) {
      send(event("batch-dup", i));
    }
    AtomicInteger calls = new AtomicInteger();
    KafkaInboxConsumer runner =
        start(runner(inbox(b -> {})).handler(recording(calls)).batchSize(50));

    await().atMost(WAIT).until(() -> runner.status().processed() == 320);
    assertEachOnce(effectCounts(), 320);
    assertThat(calls).hasValue(320);
  }

  long committedOffset(TopicPartition partition) throws Exception {
    OffsetAndMetadata offset = committedOffsets().get(partition);
    return offset == null ? -1 : offset.offset();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

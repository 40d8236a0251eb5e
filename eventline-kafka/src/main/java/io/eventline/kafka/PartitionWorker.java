package io.eventline.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one partition, run one step at a time in offset order on a shared pool. At most
 * one task per partition is ever queued on the pool or waiting on the timer, so a partition never
 * runs on two threads and the pool's queue is bounded by the number of partitions. A turn takes at
 * most 64 steps, then yields the thread to the other partitions.
 *
 * <p>The poll thread offers records and reads {@link #nextOffset()}; {@link #stop} (revocation,
 * shutdown) drops the queue, lets the step in flight finish and waits for it, so the offset it
 * settled can be committed.
 */
final class PartitionWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(KafkaInboxConsumer.class);
  private static final int TURN = 64;
  private static final long UNEXPECTED_FAILURE_WAIT_MILLIS = 1_000;

  final TopicPartition partition;
  private final RecordSteps steps;
  private final Executor pool;
  private final ScheduledExecutorService timer;
  private final int batchSize;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition quiet = lock.newCondition();
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
  private RecordSteps.Pending pending;
  private long oneByOneThrough = -1;
  private boolean scheduled;
  private boolean busy;
  private boolean stopped;
  private volatile long nextOffset = -1;
  private volatile long lag;

  PartitionWorker(
      TopicPartition partition,
      RecordSteps steps,
      Executor pool,
      ScheduledExecutorService timer,
      int batchSize) {
    this.partition = partition;
    this.steps = steps;
    this.pool = pool;
    this.timer = timer;
    this.batchSize = batchSize;
  }

  /** Queues records fetched by the poll thread, in offset order. */
  void offer(List<ConsumerRecord<byte[], byte[]>> records) {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      queue.addAll(records);
      if (scheduled) {
        return;
      }
      scheduled = true;
    } finally {
      lock.unlock();
    }
    submit();
  }

  @Override
  public void run() {
    for (int turn = 0; turn < TURN; turn++) {
      Step step;
      lock.lock();
      try {
        step = stopped ? null : take();
        if (step == null) {
          scheduled = false;
          quiet.signalAll();
          return;
        }
        busy = true;
      } finally {
        lock.unlock();
      }
      long wait = perform(step);
      lock.lock();
      try {
        busy = false;
        quiet.signalAll();
        if (stopped) {
          scheduled = false;
          return;
        }
      } finally {
        lock.unlock();
      }
      if (wait >= 0) {
        later(wait);
        return;
      }
    }
    submit();
  }

  /** Runs one step; returns {@link RecordSteps#SETTLED} or how long to wait before the next. */
  private long perform(Step step) {
    long wait;
    long settledThrough = -1;
    boolean batchFailed = false;
    try {
      if (step.pending != null) {
        wait = steps.step(step.pending);
        settledThrough = wait == RecordSteps.SETTLED ? step.pending.record.offset() : -1;
      } else {
        wait = RecordSteps.SETTLED;
        if (steps.batch(step.batch)) {
          settledThrough = step.batch.get(step.batch.size() - 1).offset();
        } else {
          batchFailed = true;
        }
      }
    } catch (RuntimeException | Error e) {
      log.error(
          "unexpected failure on {} at offset {}; it is retried in {} ms",
          partition,
          step.firstOffset(),
          UNEXPECTED_FAILURE_WAIT_MILLIS,
          e);
      wait = UNEXPECTED_FAILURE_WAIT_MILLIS;
      batchFailed = step.batch != null;
    }
    lock.lock();
    try {
      if (settledThrough >= 0) {
        nextOffset = settledThrough + 1;
        pending = null;
      }
      if (batchFailed) {
        for (int i = step.batch.size() - 1; i >= 0; i--) {
          queue.addFirst(step.batch.get(i));
        }
        oneByOneThrough = step.batch.get(step.batch.size() - 1).offset();
      }
    } finally {
      lock.unlock();
    }
    return batchFailed && wait == RecordSteps.SETTLED ? RecordSteps.SETTLED : wait;
  }

  /** The next work, under the lock: the pending record, one record, or a batch. */
  private Step take() {
    if (pending != null) {
      return new Step(pending, null);
    }
    ConsumerRecord<byte[], byte[]> head = queue.peekFirst();
    if (head == null) {
      return null;
    }
    if (batchSize == 1 || head.offset() <= oneByOneThrough) {
      pending = new RecordSteps.Pending(queue.pollFirst());
      return new Step(pending, null);
    }
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(batchSize);
    while (batch.size() < batchSize && !queue.isEmpty()) {
      batch.add(queue.pollFirst());
    }
    return new Step(null, batch);
  }

  private void later(long millis) {
    try {
      timer.schedule(this::submit, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      idle();
    }
  }

  private void submit() {
    try {
      pool.execute(this);
    } catch (RejectedExecutionException shuttingDown) {
      idle();
    }
  }

  private void idle() {
    lock.lock();
    try {
      scheduled = false;
      quiet.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes no new work, drops the queue and waits up to {@code timeoutNanos} for the step in flight.
   *
   * @return whether nothing is in flight any more
   */
  boolean stop(long timeoutNanos) {
    lock.lock();
    try {
      stopped = true;
      queue.clear();
      long left = timeoutNanos;
      while (busy && left > 0) {
        left = quiet.awaitNanos(left);
      }
      return !busy;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !busy;
    } finally {
      lock.unlock();
    }
  }

  /** The offset after the last settled record, or -1 before the first. */
  long nextOffset() {
    return nextOffset;
  }

  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Records fetched and not settled: queued, in flight or waiting to retry. */
  int unsettled() {
    lock.lock();
    try {
      return queue.size() + (pending != null || busy ? 1 : 0);
    } finally {
      lock.unlock();
    }
  }

  /** Attempts made at a record waiting to be retried, else 0. */
  int retrying() {
    lock.lock();
    try {
      return pending != null && !busy ? pending.attempts : 0;
    } finally {
      lock.unlock();
    }
  }

  long lag() {
    return lag;
  }

  void lag(long value) {
    lag = value;
  }

  private record Step(RecordSteps.Pending pending, List<ConsumerRecord<byte[], byte[]>> batch) {
    long firstOffset() {
      return pending != null ? pending.record.offset() : batch.get(0).offset();
    }
  }
}

package io.eventline.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/** What a relay counts, and its latest backlog probe. */
final class RelayCounters {
  final LongAdder published = new LongAdder();
  final LongAdder failedAttempts = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder unavailable = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder leaseChanges = new LongAdder();
  final LongAdder unmarked = new LongAdder();
  volatile int lastBatchSize;
  volatile Probe probe = new Probe(-1, false, Duration.ZERO, 0, 0, null);

  record Probe(
      long pending,
      boolean capped,
      Duration oldestPendingAge,
      long dead,
      long retrying,
      Instant probedAt) {}
}

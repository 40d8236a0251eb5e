package io.eventline.inbox;

import java.util.concurrent.atomic.LongAdder;

/** What one consumer's inbox counts. */
final class InboxCounters {
  final LongAdder processed = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder failedAttempts = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder parked = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder older = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder purged = new LongAdder();

  InboxStats snapshot() {
    return new InboxStats(
        processed.sum(),
        duplicates.sum(),
        failedAttempts.sum(),
        deadLettered.sum(),
        parked.sum(),
        gaps.sum(),
        older.sum(),
        replayed.sum(),
        purged.sum());
  }

  void count(InboxResult result) {
    switch (result.outcome()) {
      case PROCESSED -> processed.increment();
      case DUPLICATE -> duplicates.increment();
      case PARKED -> parked.increment();
      case DEAD_LETTERED -> deadLettered.increment();
      case FAILED -> failedAttempts.increment();
    }
    switch (result.order()) {
      case GAP -> gaps.increment();
      case OLDER -> older.increment();
      default -> {}
    }
  }
}

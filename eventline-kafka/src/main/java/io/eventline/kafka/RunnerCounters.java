package io.eventline.kafka;

import io.eventline.inbox.InboxResult;
import java.util.concurrent.atomic.LongAdder;

/** What a {@link KafkaInboxConsumer} counts. */
final class RunnerCounters {
  final LongAdder processed = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder failedAttempts = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder parked = new LongAdder();
  final LongAdder deadLetterTopic = new LongAdder();

  void count(InboxResult result) {
    switch (result.outcome()) {
      case PROCESSED -> processed.increment();
      case DUPLICATE -> duplicates.increment();
      case PARKED -> parked.increment();
      case DEAD_LETTERED -> deadLettered.increment();
      case FAILED -> failedAttempts.increment();
    }
  }
}

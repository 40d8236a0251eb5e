package io.eventline.transport.tck;

import io.eventline.transport.InboxConsumerStatus;

/** A transport's inbox consumer runner, started by the fixture, as the contract sees it. */
public interface RunningConsumer extends AutoCloseable {
  long processed();

  long duplicates();

  long deadLettered();

  long malformed();

  /** Stops gracefully: the message in flight finishes and is acknowledged. */
  @Override
  void close();

  /** A runner's counters at one moment. */
  record Counts(long processed, long duplicates, long deadLettered, long malformed) {}

  /** A runner whose counters are an {@link InboxConsumerStatus}, read anew on every call. */
  static RunningConsumer ofStatus(
      java.util.function.Supplier<InboxConsumerStatus> status, Runnable close) {
    return of(
        () -> {
          InboxConsumerStatus now = status.get();
          return new Counts(now.processed(), now.duplicates(), now.deadLettered(), now.malformed());
        },
        close);
  }

  /**
   * A runner seen through {@code counts}, read anew on every call, and stopped by {@code close}.
   */
  static RunningConsumer of(java.util.function.Supplier<Counts> counts, Runnable close) {
    return new RunningConsumer() {
      @Override
      public long processed() {
        return counts.get().processed();
      }

      @Override
      public long duplicates() {
        return counts.get().duplicates();
      }

      @Override
      public long deadLettered() {
        return counts.get().deadLettered();
      }

      @Override
      public long malformed() {
        return counts.get().malformed();
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}

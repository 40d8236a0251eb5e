package io.eventline.transport;

import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The settings every transport's inbox consumer shares, fixed when its builder builds.
 *
 * @param api the consumer's public interface: its simple name prefixes messages, its full name is
 *     the logger
 * @param consumer the inbox consumer name
 * @param inbox the consumer database's inbox
 * @param topics the topics to consume, at least one
 * @param handler the handler of raw events
 * @param shutdownTimeout how long closing waits for the messages in flight
 * @param replayInterval how often requested replays run
 * @param purgeInterval how often old marks are purged
 */
public record InboxConsumerSettings(
    Class<?> api,
    String consumer,
    Inbox inbox,
    List<String> topics,
    InboxHandler<byte[]> handler,
    Duration shutdownTimeout,
    Duration replayInterval,
    Duration purgeInterval) {

  public InboxConsumerSettings {
    topics = List.copyOf(topics);
  }

  /** A settler for this consumer's deliveries. */
  public InboxSettler settler() {
    return new InboxSettler(inbox, consumer, handler, api.getName());
  }

  /** Starts the replays and purges of this consumer; close it when the consumer stops. */
  public InboxUpkeep startUpkeep() {
    return InboxUpkeep.start(
        inbox, consumer, handler, replayInterval, purgeInterval, api.getName());
  }

  /**
   * Waits for the lanes' threads, {@code timeout} in all, after they were told to stop. A thread
   * still running then is interrupted and logged with {@code fate}: what becomes of its message,
   * which was not acknowledged.
   */
  public void awaitLanes(List<Thread> threads, Duration timeout, String fate) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        LoggerFactory.getLogger(api)
            .warn(
                "consumer {}: {} did not finish its message within the shutdown timeout; {}",
                consumer,
                thread.getName(),
                fate);
        thread.interrupt();
      }
    }
  }

  /** Logs the consumer's final counts. */
  public void logStopped(InboxConsumerStatus status) {
    LoggerFactory.getLogger(api)
        .info(
            "consumer {} stopped after {} processed, {} duplicates, {} dead-lettered",
            consumer,
            status.processed(),
            status.duplicates(),
            status.deadLettered());
  }
}

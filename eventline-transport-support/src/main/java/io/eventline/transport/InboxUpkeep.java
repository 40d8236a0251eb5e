package io.eventline.transport;

import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer runner's background duties: runs the replays operators requested ({@link
 * io.eventline.inbox.InboxAdmin#replay}) and purges marks older than the dedupe window, each on its
 * own schedule, on one daemon thread. A failure is logged and tried again next round.
 */
public final class InboxUpkeep implements AutoCloseable {
  private static final int REPLAYS_PER_ROUND = 100;

  private final ScheduledThreadPoolExecutor timer;

  private InboxUpkeep(ScheduledThreadPoolExecutor timer) {
    this.timer = timer;
  }

  /** Starts both duties for {@code consumer}. */
  public static InboxUpkeep start(
      Inbox inbox,
      String consumer,
      InboxHandler<byte[]> handler,
      Duration replayInterval,
      Duration purgeInterval,
      String logger) {
    Logger log = LoggerFactory.getLogger(logger);
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "eventline-inbox-" + consumer + "-upkeep");
              thread.setDaemon(true);
              return thread;
            });
    long replay = replayInterval.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            inbox.replayRequested(consumer, handler, REPLAYS_PER_ROUND);
          } catch (RuntimeException e) {
            log.warn("consumer {} could not run requested replays: {}", consumer, e.toString());
          }
        },
        replay,
        replay,
        TimeUnit.MILLISECONDS);
    long purge = purgeInterval.toMillis();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            inbox.purge(consumer);
          } catch (RuntimeException e) {
            log.warn("consumer {} could not purge old marks: {}", consumer, e.toString());
          }
        },
        purge,
        purge,
        TimeUnit.MILLISECONDS);
    return new InboxUpkeep(timer);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

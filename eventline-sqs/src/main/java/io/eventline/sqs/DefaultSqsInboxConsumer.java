package io.eventline.sqs;

import io.eventline.transport.InboxConsumerStatus;
import io.eventline.transport.InboxSettler;
import io.eventline.transport.InboxUpkeep;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/** The runner: polling threads per queue, and the inbox upkeep. */
final class DefaultSqsInboxConsumer implements SqsInboxConsumer {
  private static final Logger log = LoggerFactory.getLogger(SqsInboxConsumer.class);

  private final SqsInboxConsumer.Builder settings;
  private final InboxSettler settler;
  private final List<QueuePoller> pollers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private InboxUpkeep upkeep;
  private volatile boolean running;
  private boolean started;
  private boolean closed;

  DefaultSqsInboxConsumer(SqsInboxConsumer.Builder settings) {
    this.settings = settings;
    this.settler =
        new InboxSettler(
            settings.inbox, settings.consumer, settings.handler, SqsInboxConsumer.class.getName());
  }

  @Override
  public synchronized SqsInboxConsumer start() {
    if (started) {
      throw new IllegalStateException("consumer " + settings.consumer + " was already started");
    }
    started = true;
    for (String topic : settings.topics) {
      String queue = SqsQueues.queueName(settings.queuePrefix, topic, settings.fifo);
      String url;
      try {
        url = settings.client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      } catch (SdkException e) {
        close();
        throw new IllegalStateException(
            "consumer "
                + settings.consumer
                + " cannot consume SQS queue '"
                + queue
                + "': "
                + InboxSettler.summary(e)
                + ". Create the queue (FIFO queues end in .fifo) and check the credentials",
            e);
      }
      for (int i = 0; i < settings.pollers; i++) {
        QueuePoller poller =
            new QueuePoller(
                settings.client,
                queue,
                url,
                topic,
                settler,
                (int) settings.waitTime.toSeconds(),
                (int) settings.visibilityTimeout.toSeconds());
        pollers.add(poller);
        Thread thread =
            new Thread(poller, "eventline-inbox-" + settings.consumer + "-" + queue + "-" + i);
        thread.setDaemon(true);
        threads.add(thread);
      }
    }
    running = true;
    threads.forEach(Thread::start);
    upkeep =
        InboxUpkeep.start(
            settings.inbox,
            settings.consumer,
            settings.handler,
            settings.replayInterval,
            settings.purgeInterval,
            SqsInboxConsumer.class.getName());
    log.info(
        "consumer {} started: topics {}, {} pollers per queue, {} queues",
        settings.consumer,
        settings.topics,
        settings.pollers,
        settings.fifo ? "FIFO" : "standard");
    return this;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
    }
    pollers.forEach(QueuePoller::stop);
    long deadline = System.nanoTime() + settings.shutdownTimeout.plus(settings.waitTime).toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (thread.isAlive()) {
        log.warn(
            "consumer {}: {} did not finish within the shutdown timeout; its message becomes"
                + " visible again after the visibility timeout",
            settings.consumer,
            thread.getName());
        thread.interrupt();
      }
    }
    if (upkeep != null) {
      upkeep.close();
    }
    settings.client.close();
    InboxConsumerStatus status = settler.status(false);
    log.info(
        "consumer {} stopped after {} processed, {} duplicates, {} dead-lettered",
        settings.consumer,
        status.processed(),
        status.duplicates(),
        status.deadLettered());
  }

  @Override
  public InboxConsumerStatus status() {
    return settler.status(running);
  }
}

package io.eventline.sqs;

import io.eventline.transport.InboxConsumerSettings;
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

  private final InboxConsumerSettings common;
  private final SqsInboxConsumer.Builder settings;
  private final InboxSettler settler;
  private final List<QueuePoller> pollers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private InboxUpkeep upkeep;
  private volatile boolean running;
  private boolean started;
  private boolean closed;

  DefaultSqsInboxConsumer(InboxConsumerSettings common, SqsInboxConsumer.Builder settings) {
    this.common = common;
    this.settings = settings;
    this.settler = common.settler();
  }

  @Override
  public synchronized SqsInboxConsumer start() {
    if (started) {
      throw new IllegalStateException("consumer " + common.consumer() + " was already started");
    }
    started = true;
    for (String topic : common.topics()) {
      String queue = SqsQueues.queueName(settings.queuePrefix, topic, settings.fifo);
      String url;
      try {
        url = settings.client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
      } catch (SdkException e) {
        close();
        throw new IllegalStateException(
            "consumer "
                + common.consumer()
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
            new Thread(poller, "eventline-inbox-" + common.consumer() + "-" + queue + "-" + i);
        thread.setDaemon(true);
        threads.add(thread);
      }
    }
    running = true;
    threads.forEach(Thread::start);
    upkeep = common.startUpkeep();
    log.info(
        "consumer {} started: topics {}, {} pollers per queue, {} queues",
        common.consumer(),
        common.topics(),
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
    common.awaitLanes(
        threads,
        common.shutdownTimeout().plus(settings.waitTime),
        "it becomes visible again after the visibility timeout");
    if (upkeep != null) {
      upkeep.close();
    }
    settings.client.close();
    common.logStopped(settler.status(false));
  }

  @Override
  public InboxConsumerStatus status() {
    return settler.status(running);
  }
}

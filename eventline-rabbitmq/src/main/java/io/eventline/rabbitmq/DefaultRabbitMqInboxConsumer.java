package io.eventline.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.eventline.transport.InboxConsumerSettings;
import io.eventline.transport.InboxConsumerStatus;
import io.eventline.transport.InboxSettler;
import io.eventline.transport.InboxUpkeep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner: one channel, subscription and lane thread per queue, and the inbox upkeep. */
final class DefaultRabbitMqInboxConsumer implements RabbitMqInboxConsumer {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqInboxConsumer.class);

  private final InboxConsumerSettings common;
  private final RabbitMqInboxConsumer.Builder settings;
  private final InboxSettler settler;
  private final List<QueueLane> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private final List<String> tags = new ArrayList<>();
  private Connection connection;
  private InboxUpkeep upkeep;
  private volatile boolean running;
  private boolean started;

  DefaultRabbitMqInboxConsumer(
      InboxConsumerSettings common, RabbitMqInboxConsumer.Builder settings) {
    this.common = common;
    this.settings = settings;
    this.settler = common.settler();
  }

  @Override
  public synchronized RabbitMqInboxConsumer start() {
    if (started) {
      throw new IllegalStateException("consumer " + common.consumer() + " was already started");
    }
    started = true;
    String endpoint = RabbitMqTransport.Redacted.uri(settings.uri);
    try {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(settings.uri);
      factory.setAutomaticRecoveryEnabled(true);
      factory.setConnectionTimeout(10_000);
      connection = factory.newConnection("eventline-inbox-" + common.consumer());
      running = true;
      for (String topic : common.topics()) {
        try (Channel declaring = connection.createChannel()) {
          RabbitTopology.declareQueues(
              declaring, topic, common.consumer(), settings.partitions, settings.queueType);
        }
        for (int p = 0; p < settings.partitions; p++) {
          subscribe(topic, RabbitTopology.queue(topic, common.consumer(), p));
        }
      }
    } catch (IOException
        | TimeoutException
        | java.net.URISyntaxException
        | java.security.GeneralSecurityException
        | RuntimeException e) {
      close();
      throw new IllegalStateException(
          "consumer "
              + common.consumer()
              + " could not start on RabbitMQ at "
              + endpoint
              + ": "
              + InboxSettler.summary(e)
              + ". Check the URI, the broker, and that existing queues are of type "
              + settings.queueType,
          e);
    }
    upkeep = common.startUpkeep();
    log.info(
        "consumer {} started on {}: topics {}, {} queues each ({}), prefetch {}",
        common.consumer(),
        endpoint,
        common.topics(),
        settings.partitions,
        settings.queueType,
        settings.prefetch);
    return this;
  }

  private void subscribe(String topic, String queue) throws IOException {
    Channel channel = connection.createChannel();
    channel.basicQos(settings.prefetch);
    channels.add(channel);
    QueueLane lane = new QueueLane(queue, topic, channel, settler);
    lanes.add(lane);
    Thread thread = new Thread(lane, "eventline-inbox-" + common.consumer() + "-" + queue);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    tags.add(
        channel.basicConsume(
            queue,
            false,
            (tag, delivery) -> lane.offer(delivery),
            tag ->
                log.warn(
                    "consumer {}: RabbitMQ cancelled the subscription to {}",
                    common.consumer(),
                    queue)));
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!running && connection == null) {
        return;
      }
      running = false;
    }
    for (int i = 0; i < tags.size(); i++) {
      try {
        channels.get(i).basicCancel(tags.get(i));
      } catch (IOException | RuntimeException e) {
        // the channel is gone: its messages are back on the queue already
      }
    }
    lanes.forEach(QueueLane::stop);
    common.awaitLanes(threads, common.shutdownTimeout(), "RabbitMQ redelivers it");
    if (upkeep != null) {
      upkeep.close();
    }
    if (connection != null) {
      try {
        connection.close(10_000);
      } catch (IOException | RuntimeException e) {
        // unacknowledged messages go back to their queues either way
      }
      connection = null;
    }
    common.logStopped(settler.status(false));
  }

  @Override
  public InboxConsumerStatus status() {
    return settler.status(running);
  }
}

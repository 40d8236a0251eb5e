package io.eventline.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.eventline.core.EventEnvelope;
import io.eventline.inbox.MalformedRecord;
import io.eventline.transport.Delivery;
import io.eventline.transport.InboxSettler;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's messages, settled one at a time in delivery order on the lane's own thread and
 * acknowledged after each settled. RabbitMQ's dispatch thread only hands deliveries over, so a slow
 * handler never blocks other queues; the prefetch bounds what waits here.
 */
final class QueueLane implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqInboxConsumer.class);

  final String queue;
  private final String topic;
  private final Channel channel;
  private final InboxSettler settler;
  private final BlockingQueue<com.rabbitmq.client.Delivery> waiting = new LinkedBlockingQueue<>();
  private volatile boolean running = true;

  QueueLane(String queue, String topic, Channel channel, InboxSettler settler) {
    this.queue = queue;
    this.topic = topic;
    this.channel = channel;
    this.settler = settler;
  }

  void offer(com.rabbitmq.client.Delivery delivery) {
    waiting.add(delivery);
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    while (running) {
      com.rabbitmq.client.Delivery next;
      try {
        next = waiting.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null) {
        continue;
      }
      if (!settler.settle(new Message(next), () -> !running)) {
        return; // not acknowledged: RabbitMQ requeues it when the channel closes
      }
      try {
        channel.basicAck(next.getEnvelope().getDeliveryTag(), false);
      } catch (IOException | RuntimeException e) {
        log.warn(
            "could not acknowledge a message on queue {} after its commit ({}); RabbitMQ"
                + " redelivers it and the inbox skips it",
            queue,
            e.toString());
      }
    }
  }

  private final class Message implements Delivery {
    private final com.rabbitmq.client.Delivery delivery;

    Message(com.rabbitmq.client.Delivery delivery) {
      this.delivery = delivery;
    }

    @Override
    public String source() {
      String id = delivery.getProperties().getMessageId();
      return "rabbitmq:"
          + queue
          + "/"
          + (id != null && id.length() <= 100
              ? id
              : "tag-" + delivery.getEnvelope().getDeliveryTag());
    }

    @Override
    public EventEnvelope<byte[]> event() {
      return AmqpCloudEvents.decode(delivery.getProperties(), delivery.getBody(), topic);
    }

    @Override
    public MalformedRecord malformed(String reason) {
      AMQP.BasicProperties properties = delivery.getProperties();
      String routingKey = delivery.getEnvelope().getRoutingKey();
      return new MalformedRecord(
          source(),
          routingKey == null ? null : routingKey.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          delivery.getBody(),
          AmqpCloudEvents.headersAsText(properties),
          reason);
    }
  }
}

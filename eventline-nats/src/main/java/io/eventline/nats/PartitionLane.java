package io.eventline.nats;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.MalformedRecord;
import io.eventline.transport.Delivery;
import io.eventline.transport.InboxSettler;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition's durable pull consumer: fetches a batch, settles its messages one at a time in
 * stream order, acknowledges each after it settled. On stop, the message in flight finishes and the
 * rest of the batch is nacked for prompt redelivery.
 */
final class PartitionLane implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(NatsInboxConsumer.class);
  private static final Duration FETCH_WAIT = Duration.ofMillis(500);

  final String subject;
  private final String topic;
  private final String stream;
  private final JetStreamSubscription subscription;
  private final InboxSettler settler;
  private final int batch;
  private volatile boolean running = true;

  PartitionLane(
      String subject,
      String topic,
      String stream,
      JetStreamSubscription subscription,
      InboxSettler settler,
      int batch) {
    this.subject = subject;
    this.topic = topic;
    this.stream = stream;
    this.subscription = subscription;
    this.settler = settler;
    this.batch = batch;
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    int failures = 0;
    while (running) {
      List<Message> messages;
      try {
        messages = subscription.fetch(batch, FETCH_WAIT);
        failures = 0;
      } catch (RuntimeException e) {
        failures++;
        if (failures == 1 || failures % 20 == 0) {
          log.warn(
              "fetching from {} failed ({} in a row), retrying: {}",
              subject,
              failures,
              e.toString());
        }
        if (!pause(Math.min(5_000, 100L << Math.min(failures, 6)))) {
          return;
        }
        continue;
      }
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        if (!message.isJetStream()) {
          continue; // a status message
        }
        if (!running || !settler.settle(new Received(message), () -> !running)) {
          for (int j = i; j < messages.size(); j++) {
            if (messages.get(j).isJetStream()) {
              messages.get(j).nak();
            }
          }
          return;
        }
        message.ack();
      }
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private final class Received implements Delivery {
    private final Message message;

    Received(Message message) {
      this.message = message;
    }

    @Override
    public String source() {
      return "nats:" + stream + "/" + message.metaData().streamSequence();
    }

    @Override
    public EventEnvelope<byte[]> event() {
      return NatsCloudEvents.decode(message.getHeaders(), message.getData(), topic);
    }

    @Override
    public MalformedRecord malformed(String reason) {
      return new MalformedRecord(
          source(),
          message.getSubject().getBytes(StandardCharsets.UTF_8),
          message.getData(),
          NatsCloudEvents.text(message.getHeaders()),
          reason);
    }

    @Override
    public void stillWorking() {
      message.inProgress();
    }
  }
}

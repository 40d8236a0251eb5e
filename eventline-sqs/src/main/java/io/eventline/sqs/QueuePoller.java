package io.eventline.sqs;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.MalformedRecord;
import io.eventline.transport.Delivery;
import io.eventline.transport.InboxSettler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * One polling thread on one queue: receives up to 10 messages, settles them one at a time in the
 * order received, deletes each after it settled. On stop, the message in flight finishes and the
 * rest are made visible again at once.
 */
final class QueuePoller implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SqsInboxConsumer.class);

  private final SqsClient client;
  private final String queue;
  private final String url;
  private final String topic;
  private final InboxSettler settler;
  private final int waitSeconds;
  private final int visibilitySeconds;
  private volatile boolean running = true;

  QueuePoller(
      SqsClient client,
      String queue,
      String url,
      String topic,
      InboxSettler settler,
      int waitSeconds,
      int visibilitySeconds) {
    this.client = client;
    this.queue = queue;
    this.url = url;
    this.topic = topic;
    this.settler = settler;
    this.waitSeconds = waitSeconds;
    this.visibilitySeconds = visibilitySeconds;
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
        messages =
            client
                .receiveMessage(
                    b ->
                        b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(waitSeconds)
                            .visibilityTimeout(visibilitySeconds)
                            .messageAttributeNames("All"))
                .messages();
        failures = 0;
      } catch (SdkException e) {
        failures++;
        if (failures == 1 || failures % 20 == 0) {
          log.warn(
              "receiving from SQS queue {} failed ({} in a row), retrying: {}",
              queue,
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
        if (!running || !settler.settle(new Received(message), () -> !running)) {
          release(messages.subList(i, messages.size()));
          return;
        }
        try {
          client.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        } catch (SdkException e) {
          log.warn(
              "could not delete message {} from SQS queue {} after its commit ({}); SQS"
                  + " redelivers it and the inbox skips it",
              message.messageId(),
              queue,
              e.toString());
        }
      }
    }
  }

  private void release(List<Message> unsettled) {
    for (Message message : unsettled) {
      try {
        client.changeMessageVisibility(
            b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
      } catch (SdkException e) {
        log.debug(
            "could not release message {} on {}: {}", message.messageId(), queue, e.toString());
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
      return "sqs:" + queue + "/" + message.messageId();
    }

    @Override
    public EventEnvelope<byte[]> event() {
      return SqsCloudEvents.decode(message.messageAttributes(), message.body(), topic);
    }

    @Override
    public MalformedRecord malformed(String reason) {
      java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
      message
          .messageAttributes()
          .forEach(
              (name, value) -> {
                if (value.stringValue() != null) {
                  headers.put(name, value.stringValue());
                }
              });
      return new MalformedRecord(
          source(),
          null,
          message.body() == null ? null : message.body().getBytes(StandardCharsets.UTF_8),
          headers,
          reason);
    }

    @Override
    public void stillWorking() {
      try {
        client.changeMessageVisibility(
            b ->
                b.queueUrl(url)
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout(visibilitySeconds));
      } catch (SdkException e) {
        log.debug("could not extend the visibility of {}: {}", message.messageId(), e.toString());
      }
    }
  }
}

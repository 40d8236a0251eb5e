package io.eventline.bench.peer.gruelbox;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The method gruelbox schedules and later invokes: one synchronous send, so that the outbox row is
 * deleted only after the broker acknowledged the record.
 */
public class KafkaSender {
  private final Producer<String, byte[]> producer;

  public KafkaSender(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  public void send(String topic, String key, String payload)
      throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8))).get();
  }
}

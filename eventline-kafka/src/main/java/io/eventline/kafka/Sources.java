package io.eventline.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record came from, as kept in dead letters: {@code kafka:topic/partition@offset}. */
final class Sources {
  private Sources() {}

  static String of(ConsumerRecord<?, ?> record) {
    return "kafka:" + record.topic() + "/" + record.partition() + "@" + record.offset();
  }
}

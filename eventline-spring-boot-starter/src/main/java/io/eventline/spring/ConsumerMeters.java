package io.eventline.spring;

import io.eventline.inbox.Inbox;
import io.eventline.kafka.KafkaInboxConsumer;

/** Registers a consumer's meters, when Micrometer is present. */
interface ConsumerMeters {
  ConsumerMeters NONE = (consumer, inbox) -> {};

  void bind(KafkaInboxConsumer consumer, Inbox inbox);
}

package io.eventline.spring;

import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxMetrics;
import io.eventline.kafka.KafkaInboxConsumer;
import io.eventline.kafka.KafkaInboxMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code eventline.kafka.consumer.*} and {@code eventline.inbox.*} meters of each consumer; every
 * one reads counters in memory, none queries the database.
 */
final class MicrometerConsumerMeters implements ConsumerMeters {
  private final ObjectProvider<MeterRegistry> registries;

  MicrometerConsumerMeters(ObjectProvider<MeterRegistry> registries) {
    this.registries = registries;
  }

  @Override
  public void bind(KafkaInboxConsumer consumer, Inbox inbox) {
    MeterRegistry registry = registries.getIfAvailable();
    if (registry != null) {
      KafkaInboxMetrics.of(consumer).bindTo(registry);
      InboxMetrics.of(inbox, consumer.consumer()).bindTo(registry);
    }
  }
}

package io.eventline.spring;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The "eventline" health indicator, on Spring Boot 4's health API ({@code spring-boot-health},
 * brought by the actuator). Turn it off with {@code management.health.eventline.enabled=false}.
 */
@AutoConfiguration(after = EventlineAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(OutboxWriter.class)
@ConditionalOnProperty(
    prefix = "management.health.eventline",
    name = "enabled",
    matchIfMissing = true)
public class EventlineHealthAutoConfiguration {

  @Bean
  EventlineHealthIndicator eventlineHealthIndicator(
      ObjectProvider<RelayLifecycle> relay,
      ObjectProvider<ConsumerLifecycle> consumers,
      EventlineProperties properties) {
    return new EventlineHealthIndicator(relay, consumers, properties.getHealth());
  }
}

package io.eventline.spring;

import io.eventline.testkit.DatabaseExtension;
import io.eventline.testkit.EmbeddedKafka;
import io.eventline.testkit.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts real Spring Boot applications on the test's PostgreSQL schema and the shared Kafka broker.
 * A test class starts its context in {@code @BeforeAll} and closes it in {@code @AfterAll}, which
 * JUnit runs before the database extension drops the schema.
 */
final class TestContexts {
  private TestContexts() {}

  /** The auto-configured application every test context starts from. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  static ConfigurableApplicationContext start(
      DatabaseExtension db, Map<String, Object> properties, Class<?>... configuration) {
    TestDatabase database = db.database();
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("spring.main.banner-mode", "off");
    all.put("spring.application.name", "spring-tests");
    all.put("spring.datasource.url", database.jdbcUrl());
    all.put("spring.datasource.username", database.user());
    all.put("spring.datasource.password", database.password() == null ? "" : database.password());
    all.put("spring.datasource.hikari.maximum-pool-size", "12");
    all.put("spring.kafka.bootstrap-servers", EmbeddedKafka.shared().bootstrapServers());
    all.put("eventline.schema.mode", "always");
    all.put("eventline.relay.lease-ttl", "3s");
    all.put("eventline.relay.probe-interval", "200ms");
    all.put("eventline.inbox.commit-interval", "50ms");
    all.putAll(properties);
    Class<?>[] sources = new Class<?>[configuration.length + 1];
    sources[0] = App.class;
    System.arraycopy(configuration, 0, sources, 1, configuration.length);
    return new SpringApplicationBuilder(sources).web(WebApplicationType.NONE).properties(all).run();
  }
}

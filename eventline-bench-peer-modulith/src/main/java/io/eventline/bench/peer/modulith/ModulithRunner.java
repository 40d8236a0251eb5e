package io.eventline.bench.peer.modulith;

import io.eventline.bench.workload.Runner;
import io.eventline.bench.workload.Workload;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.transaction.support.TransactionTemplate;

/** The runner process for Spring Modulith: a Boot application with the library's defaults. */
@SpringBootApplication
public class ModulithRunner {
  private final AtomicBoolean gate = new AtomicBoolean(true);

  public static void main(String[] args) throws Exception {
    Workload workload = Workload.parse(args);
    SpringApplication application = new SpringApplication(ModulithRunner.class);
    application.setDefaultProperties(
        Map.of(
            "spring.datasource.url", workload.jdbcUrl(),
            "spring.kafka.bootstrap-servers", workload.bootstrap(),
            "bench.topic", workload.topic()));
    try (ConfigurableApplicationContext context = application.run()) {
      Runner.run(workload, context.getBean(ModulithSystem.class));
    }
    System.exit(0);
  }

  @Bean
  EventExternalizationConfiguration externalization(@Value("${bench.topic}") String topic) {
    return EventExternalizationConfiguration.externalizing()
        .select(event -> event instanceof OrderPlaced)
        .route(OrderPlaced.class, event -> RoutingTarget.forTarget(topic).andKey(event.orderId()))
        .build();
  }

  @Bean
  TaskDecorator backlogGate() {
    return ModulithSystem.gated(gate);
  }

  @Bean
  ModulithSystem modulithSystem(
      TransactionTemplate transactions,
      JdbcTemplate jdbc,
      ApplicationEventPublisher events,
      IncompleteEventPublications incomplete) {
    return new ModulithSystem(transactions, jdbc, events, incomplete, gate);
  }
}

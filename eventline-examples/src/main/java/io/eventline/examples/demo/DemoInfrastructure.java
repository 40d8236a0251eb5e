package io.eventline.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.examples.ExampleSystem;
import io.eventline.testkit.EmbeddedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the demo runs on: an embedded PostgreSQL with one database per service and an embedded Kafka
 * broker, both in temporary directories removed at the end. No service needs to be installed.
 */
final class DemoInfrastructure implements AutoCloseable {
  static final String[] SERVICES = {"orders", "payments", "notifications"};

  private final EmbeddedPostgres postgres;
  private final EmbeddedKafka kafka;
  private final Path kafkaDir;
  private final List<HikariDataSource> pools = new ArrayList<>();

  private DemoInfrastructure(EmbeddedPostgres postgres, EmbeddedKafka kafka, Path kafkaDir) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.kafkaDir = kafkaDir;
  }

  static DemoInfrastructure start() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    Path kafkaDir = Files.createTempDirectory("eventline-demo-kafka");
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(kafkaDir);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    DemoInfrastructure infrastructure = new DemoInfrastructure(postgres, kafka, kafkaDir);
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      for (String service : SERVICES) {
        statement.execute("CREATE DATABASE " + service);
      }
    } catch (java.sql.SQLException e) {
      infrastructure.close();
      throw new IOException("cannot create the demo databases: " + e.getMessage(), e);
    }
    kafka.createTopic("order", 6);
    kafka.createTopic("payment", 6);
    kafka.createTopic("notification", 3);
    return infrastructure;
  }

  String jdbcUrl(String service) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + service + "?user=postgres";
  }

  int postgresPort() {
    return postgres.getPort();
  }

  HikariDataSource pool(String service) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(jdbcUrl(service));
    pool.setPoolName("demo-" + service);
    pool.setMaximumPoolSize(16);
    pool.setMinimumIdle(0);
    pools.add(pool);
    return pool;
  }

  ExampleSystem.Databases databases() {
    return new ExampleSystem.Databases(pool("orders"), pool("payments"), pool("notifications"));
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
    try {
      kafka.close();
    } catch (RuntimeException e) {
      // the broker's threads die with the JVM
    }
    try {
      postgres.close();
    } catch (IOException e) {
      // the embedded server's directory is temporary
    }
    try (Stream<Path> files = Files.walk(kafkaDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}

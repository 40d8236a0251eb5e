package io.eventline.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.examples.ExampleSystem;
import io.eventline.testkit.EmbeddedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the demo runs on. By default an embedded PostgreSQL (one database per service) and an
 * embedded Kafka broker in temporary directories, removed at the end: nothing to install. With
 * {@code --jdbc-url} and {@code --kafka} it runs on real infrastructure instead, in schemas and
 * topics of its own (named after the run) so that earlier runs do not disturb the verdict.
 */
final class DemoInfrastructure implements AutoCloseable {
  static final List<String> SERVICES = List.of("orders", "payments", "notifications");

  private EmbeddedPostgres postgres;
  private EmbeddedKafka kafka;
  private Path kafkaDir;
  private String bootstrapServers;
  private ExampleSystem.Topics topics = ExampleSystem.Topics.DEFAULT;
  private final Map<String, String> urls = new HashMap<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private String description;

  static DemoInfrastructure start(Demo.DemoOptions options) throws IOException {
    DemoInfrastructure infrastructure = new DemoInfrastructure();
    try {
      String run = Long.toString(Clock.systemUTC().millis() / 1000, 36);
      infrastructure.startDatabases(options.jdbcUrls(), run);
      infrastructure.startBroker(options.kafka(), run);
      return infrastructure;
    } catch (IOException | RuntimeException e) {
      infrastructure.close();
      throw e;
    }
  }

  private void startDatabases(List<String> given, String run) throws IOException {
    if (given.isEmpty()) {
      postgres = EmbeddedPostgres.builder().start();
      try (Connection admin = postgres.getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        for (String service : SERVICES) {
          statement.execute("CREATE DATABASE " + service);
          urls.put(
              service,
              "jdbc:postgresql://localhost:"
                  + postgres.getPort()
                  + "/"
                  + service
                  + "?user=postgres");
        }
      } catch (SQLException e) {
        throw new IOException("cannot create the demo databases: " + e.getMessage(), e);
      }
      description =
          "embedded PostgreSQL on port "
              + postgres.getPort()
              + " (databases orders, payments, notifications)";
    } else if (given.size() == 1) {
      String base = given.get(0);
      try (Connection admin = DriverManager.getConnection(base);
          Statement statement = admin.createStatement()) {
        for (String service : SERVICES) {
          String schema = "demo_" + run + "_" + service;
          statement.execute("CREATE SCHEMA " + schema);
          urls.put(service, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        }
      } catch (SQLException e) {
        throw new IOException(
            "cannot create the demo schemas in the --jdbc-url database: " + e.getMessage(), e);
      }
      description =
          "schemas demo_" + run + "_{orders,payments,notifications} of the given database";
    } else if (given.size() == SERVICES.size()) {
      for (int i = 0; i < SERVICES.size(); i++) {
        urls.put(SERVICES.get(i), given.get(i));
      }
      description = "the three given databases (they should be empty)";
    } else {
      throw new IllegalArgumentException(
          "give one --jdbc-url (the demo creates a schema per service in it) or three (orders,"
              + " payments, notifications), not "
              + given.size());
    }
  }

  private void startBroker(String external, String run) throws IOException {
    if (external == null) {
      kafkaDir = Files.createTempDirectory("eventline-demo-kafka");
      kafka = EmbeddedKafka.start(kafkaDir);
      bootstrapServers = kafka.bootstrapServers();
      kafka.createTopic(topics.orders(), 6);
      kafka.createTopic(topics.payments(), 6);
      kafka.createTopic(topics.notifications(), 3);
      description += "; embedded Kafka 4.4 on " + bootstrapServers;
      return;
    }
    bootstrapServers = external;
    topics = ExampleSystem.Topics.withSuffix("-demo-" + run);
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, external);
    try (Admin admin = Admin.create(config)) {
      int brokers = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
      short replication = (short) Math.min(3, brokers);
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.orders(), 6, replication),
                  new NewTopic(topics.payments(), 6, replication),
                  new NewTopic(topics.notifications(), 3, replication)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException(
          "cannot create the demo topics on Kafka at " + external + ": " + e.getMessage(), e);
    }
    description += "; Kafka at " + external + " (topics " + topics.all() + ")";
  }

  String describe() {
    return description;
  }

  String jdbcUrl(String service) {
    return urls.get(service);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  ExampleSystem.Topics topics() {
    return topics;
  }

  /** Whether the broker is ours to stop and restart (only the embedded one is). */
  boolean canRestartBroker() {
    return kafka != null;
  }

  void stopBroker() {
    kafka.stop();
  }

  void restartBroker() {
    kafka.restart();
  }

  ExampleSystem.Databases databases() {
    return new ExampleSystem.Databases(pool("orders"), pool("payments"), pool("notifications"));
  }

  private HikariDataSource pool(String service) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(urls.get(service));
    pool.setPoolName("demo-" + service);
    pool.setMaximumPoolSize(16);
    pool.setMinimumIdle(0);
    pools.add(pool);
    return pool;
  }

  Set<String> services() {
    return urls.keySet();
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
    if (kafka != null) {
      try {
        kafka.close();
      } catch (RuntimeException e) {
        // the broker's threads die with the JVM
      }
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        // the embedded server's directory is temporary
      }
    }
    if (kafkaDir != null) {
      try (Stream<Path> files = Files.walk(kafkaDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind
      }
    }
  }
}

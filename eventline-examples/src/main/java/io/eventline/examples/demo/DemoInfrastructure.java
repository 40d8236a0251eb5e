package io.eventline.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.examples.ExampleSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo runs on. By default an embedded PostgreSQL (one database per service) and an
 * embedded Kafka broker in temporary directories, removed at the end: nothing to install. With
 * {@code --jdbc-url}, {@code --kafka} or another {@code --transport} it runs on real infrastructure
 * instead, in schemas and topics of its own (named after the run) so that earlier runs do not
 * disturb the verdict.
 */
final class DemoInfrastructure implements AutoCloseable {
  static final List<String> SERVICES = List.of("orders", "payments", "notifications");

  private EmbeddedPostgres postgres;
  private DemoBroker broker;
  private final Map<String, String> urls = new HashMap<>();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private String description;

  static DemoInfrastructure start(Demo.DemoOptions options) throws IOException {
    DemoInfrastructure infrastructure = new DemoInfrastructure();
    try {
      String run = Long.toString(Clock.systemUTC().millis() / 1000, 36);
      infrastructure.startDatabases(options.jdbcUrls(), run);
      infrastructure.broker = DemoBroker.start(options, run);
      infrastructure.description += "; " + infrastructure.broker.describe();
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

  String describe() {
    return description;
  }

  String jdbcUrl(String service) {
    return urls.get(service);
  }

  DemoBroker broker() {
    return broker;
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
    if (broker != null) {
      broker.close();
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        // the embedded server's directory is temporary
      }
    }
  }
}

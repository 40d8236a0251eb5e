package io.eventline.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.examples.Broker;
import io.eventline.examples.ExampleSystem;
import io.eventline.outbox.OutboxRelay;
import java.util.concurrent.CountDownLatch;

/**
 * The orders relay as a process of its own, so the demo can kill it with SIGKILL like a crashed
 * host: {@code RelayProcess <kafka|rabbitmq|nats> <instance-suffix>}, with the JDBC URL and the
 * broker's address in the environment variables {@code EVENTLINE_RELAY_JDBC_URL} and {@code
 * EVENTLINE_RELAY_BROKER}.
 */
public final class RelayProcess {
  static final String JDBC_URL = "EVENTLINE_RELAY_JDBC_URL";
  static final String BROKER_ADDRESS = "EVENTLINE_RELAY_BROKER";

  private RelayProcess() {}

  public static void main(String[] args) throws InterruptedException {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(System.getenv(JDBC_URL));
    pool.setMaximumPoolSize(8); // 4 workers, LISTEN, wake-up arming, leases, housekeeping
    OutboxRelay relay =
        ExampleSystem.relay(
            pool,
            new Broker(args[0], System.getenv(BROKER_ADDRESS)),
            "orders",
            "orders-relay-" + args[1]);
    System.out.println("orders relay running as " + relay.instanceId());
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  relay.close();
                  pool.close();
                  stop.countDown();
                }));
    stop.await();
  }
}

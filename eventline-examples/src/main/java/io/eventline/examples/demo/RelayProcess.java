package io.eventline.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.examples.ExampleSystem;
import io.eventline.outbox.OutboxRelay;
import java.util.concurrent.CountDownLatch;

/**
 * The orders relay as a process of its own, so the demo can kill it with SIGKILL like a crashed
 * host: {@code RelayProcess <bootstrap-servers> <instance-suffix>}, with the JDBC URL in the
 * environment variable {@code EVENTLINE_RELAY_JDBC_URL}.
 */
public final class RelayProcess {
  static final String JDBC_URL = "EVENTLINE_RELAY_JDBC_URL";

  private RelayProcess() {}

  public static void main(String[] args) throws InterruptedException {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(System.getenv(JDBC_URL));
    pool.setMaximumPoolSize(6);
    OutboxRelay relay = ExampleSystem.relay(pool, args[0], "orders", "orders-relay-" + args[1]);
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

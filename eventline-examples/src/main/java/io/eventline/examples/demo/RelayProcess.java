package io.eventline.examples.demo;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.examples.ExampleSystem;
import io.eventline.outbox.OutboxRelay;
import java.util.concurrent.CountDownLatch;

/**
 * The orders relay as a process of its own, so the demo can kill it with SIGKILL like a crashed
 * host: {@code RelayProcess <jdbc-url> <bootstrap-servers> <instance-suffix>}.
 */
public final class RelayProcess {
  private RelayProcess() {}

  public static void main(String[] args) throws InterruptedException {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(args[0]);
    pool.setMaximumPoolSize(6);
    OutboxRelay relay = ExampleSystem.relay(pool, args[1], "orders", "orders-relay-" + args[2]);
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

package io.eventline.spring;

import io.eventline.outbox.OutboxRelay;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the relay once the context is refreshed and closes it first on shutdown: batches in flight
 * are acknowledged and marked (up to {@code eventline.relay.shutdown-timeout}), then the partition
 * leases are released at once, so another instance takes them over without waiting for them to
 * expire. A stopped relay is not started again.
 */
final class RelayLifecycle implements SmartLifecycle {
  private final OutboxRelay relay;
  private volatile boolean running;

  RelayLifecycle(OutboxRelay relay) {
    this.relay = relay;
  }

  @Override
  public synchronized void start() {
    if (!running) {
      relay.start();
      running = true;
    }
  }

  @Override
  public void stop(Runnable callback) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                stop();
              } finally {
                callback.run();
              }
            },
            "eventline-relay-stop");
    stopper.start();
  }

  @Override
  public synchronized void stop() {
    relay.close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return ConsumerLifecycle.PHASE;
  }

  OutboxRelay relay() {
    return relay;
  }
}

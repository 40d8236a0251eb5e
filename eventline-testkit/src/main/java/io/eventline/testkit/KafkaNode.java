package io.eventline.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One run of the broker process, from startup to shutdown; a restart is a new {@code KafkaNode}.
 */
final class KafkaNode {
  private final KafkaRaftServer server;

  private KafkaNode(KafkaRaftServer server) {
    this.server = server;
  }

  /**
   * Starts a node on formatted storage and returns once the broker is unfenced and serves clients.
   *
   * @throws NodeStartException naming the ports, the log dir and the cause
   */
  static KafkaNode start(BrokerSettings settings) {
    requireFree(settings, "PLAINTEXT", settings.brokerPort());
    requireFree(settings, "CONTROLLER", settings.controllerPort());
    KafkaRaftServer server;
    try {
      server = new KafkaRaftServer(new KafkaConfig(settings.toMap(), false), Time.SYSTEM);
    } catch (RuntimeException e) {
      throw new NodeStartException(settings, describe(e), e, false);
    }
    try {
      server.startup();
    } catch (RuntimeException e) {
      boolean portTaken = portTaken(e);
      String reason = describe(e) + (portTaken ? "; a port is taken by another process" : "");
      NodeStartException failure = new NodeStartException(settings, reason, e, portTaken);
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
    return new KafkaNode(server);
  }

  /**
   * Shuts the broker down (a controlled shutdown) and waits until its threads and files are freed.
   */
  void stop() {
    server.shutdown();
    server.awaitShutdown();
  }

  /**
   * Kafka halts the JVM when the controller cannot bind its port during startup, so a taken port is
   * detected here first. A process that takes the port between this check and Kafka's bind still
   * brings the JVM down.
   */
  private static void requireFree(BrokerSettings settings, String listener, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(BrokerSettings.HOST, port));
    } catch (IOException e) {
      String reason =
          listener + " port " + BrokerSettings.HOST + ":" + port + " is taken by another process";
      throw new NodeStartException(settings, reason, e, true);
    }
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof BindException || message.contains("address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String hint =
        String.valueOf(root.getMessage()).contains("lock")
            ? "; another broker (in this or another JVM) may use the log dir"
            : "";
    return root.getClass().getSimpleName() + ": " + root.getMessage() + hint;
  }

  /** The broker did not start; the message names its ports, log dir and the reason. */
  static final class NodeStartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final boolean portTaken;

    NodeStartException(BrokerSettings settings, String reason, Throwable cause, boolean portTaken) {
      super("Kafka broker did not start (" + settings.describe() + "): " + reason, cause);
      this.portTaken = portTaken;
    }

    boolean portTaken() {
      return portTaken;
    }
  }
}

package io.eventline.testkit;

import io.eventline.testkit.KafkaNode.NodeStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, one node that is both broker and controller) running inside
 * this JVM, for tests and for the demo. Clients reach it at {@link #bootstrapServers()}, a {@code
 * PLAINTEXT} listener on {@code 127.0.0.1}.
 *
 * <p>{@link #shared()} gives every test in a JVM the same broker: started on first use (2 to 4 s in
 * a cold JVM), with its data in a temporary directory, stopped and deleted by a shutdown hook.
 * Tests keep out of each other's way with {@link #freshTopic}. {@link #start(Path)} gives an
 * instance that the caller owns and {@link #close() closes}; its directory survives and a later
 * {@code start} on it finds its topics and records again.
 *
 * <p>Every topic has one replica, so {@code acks=all} means "written to this broker's log", and
 * transactions and idempotent producers work (the transaction and offsets topics are created with
 * replication factor 1 on first use). Automatic topic creation is off: produce to a topic made with
 * {@link #createTopic}, or the producer waits for it until {@code max.block.ms}.
 *
 * <p>Hazards:
 *
 * <ul>
 *   <li>{@link #stop()} and {@link #restart()} take the broker away from every client in the JVM.
 *       On the shared broker they disturb any test that runs at the same time; use them only in
 *       tests that do not run in parallel with others.
 *   <li>The ports are picked free at start and kept across {@link #restart()}, so clients reconnect
 *       to the same address. Another process can take a port while the broker is stopped; {@code
 *       restart()} then fails and says so, and the broker stays stopped.
 *   <li>Kafka's server threads are not daemons: a program that starts a broker must {@link
 *       #close()} it (or exit with {@code System.exit}) for the JVM to end.
 *   <li>On a fault that Kafka deems fatal it halts the whole JVM, as it would a broker process: for
 *       instance when the controller cannot bind its port at startup, or the metadata log is
 *       corrupt. Start and restart check that both ports are free just before Kafka binds them, so
 *       a taken port is an exception; a process that takes one in the few milliseconds between
 *       still brings the JVM down.
 *   <li>Kafka keeps its metrics in JVM-wide registries: two brokers in one JVM mix their metrics.
 * </ul>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  private static final int PORT_ATTEMPTS = 3;
  private static EmbeddedKafka shared;
  private static RuntimeException sharedFailure;

  private final BrokerSettings settings;
  private final boolean isShared;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private KafkaNode node;
  private boolean closed;

  private EmbeddedKafka(BrokerSettings settings, KafkaNode node, boolean isShared) {
    this.settings = settings;
    this.node = node;
    this.isShared = isShared;
  }

  /**
   * The broker shared by everything in this JVM, started on first call. A failed start is not
   * retried: later calls throw the same error at once.
   *
   * @throws IllegalStateException if the broker does not start; the message names the ports, the
   *     log dir and the cause
   */
  public static synchronized EmbeddedKafka shared() {
    if (shared == null) {
      if (sharedFailure != null) {
        throw new IllegalStateException(
            "the shared Kafka broker failed to start earlier: " + sharedFailure.getMessage(),
            sharedFailure);
      }
      Path dir;
      try {
        dir = Files.createTempDirectory("eventline-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a directory for the shared Kafka broker", e);
      }
      try {
        shared = launch(dir, true);
      } catch (RuntimeException e) {
        sharedFailure = e;
        deleteRecursively(dir);
        throw e;
      }
      EmbeddedKafka instance = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    instance.shutDownAtExit();
                    deleteRecursively(dir);
                  },
                  "eventline-kafka-shutdown"));
    }
    return shared;
  }

  /**
   * Starts a broker owned by the caller, with its data in {@code dir}: an empty or missing
   * directory is formatted, a directory formatted by an earlier {@code start} is reused. The caller
   * must {@link #close()} it.
   *
   * @throws IllegalArgumentException if {@code dir} is a file or holds files of something else
   * @throws IllegalStateException if the broker does not start; the message says why
   */
  public static EmbeddedKafka start(Path dir) {
    return launch(dir.toAbsolutePath(), false);
  }

  private static EmbeddedKafka launch(Path dir, boolean isShared) {
    long started = System.nanoTime();
    KraftStorage.formatIfNeeded(dir);
    for (int attempt = 1; ; attempt++) {
      int[] ports = freePorts();
      BrokerSettings settings = new BrokerSettings(ports[0], ports[1], dir);
      try {
        KafkaNode node = KafkaNode.start(settings);
        log.info("Kafka broker started in {} ms ({})", millisSince(started), settings.describe());
        return new EmbeddedKafka(settings, node, isShared);
      } catch (NodeStartException e) {
        if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
          throw e;
        }
        log.warn("a free port was taken before the broker bound it, retrying: {}", e.getMessage());
      }
    }
  }

  /** {@code 127.0.0.1:<port>}, the same for the life of this instance, across restarts. */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** The broker's log and metadata directory. */
  public Path logDir() {
    return settings.logDir();
  }

  /** Whether the broker runs: false after {@link #stop()} until {@link #restart()}. */
  public boolean isRunning() {
    lifecycle.lock();
    try {
      return node != null;
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Stops the broker with a controlled shutdown and waits until it is down; its ports and data are
   * kept for {@link #restart()}. Clients see the broker as unreachable: records already sent are
   * retried until their {@code delivery.timeout.ms}, and consumers retry. With its only broker gone
   * a Kafka 4 client falls back to its bootstrap address and forgets the topics' partitions, so a
   * new {@code send()} may block up to {@code max.block.ms} for metadata. Does nothing if it is
   * stopped.
   */
  public void stop() {
    lifecycle.lock();
    try {
      requireOpen();
      if (node != null) {
        long started = System.nanoTime();
        node.stop();
        node = null;
        log.info("Kafka broker stopped in {} ms ({})", millisSince(started), settings.describe());
      }
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Starts the same broker again, on the same ports and data, after stopping it if it runs; returns
   * once it serves clients. Records acknowledged before the stop are still there.
   *
   * @throws IllegalStateException if it does not start, for instance because another process took
   *     one of its ports; the broker then stays stopped and {@code restart()} may be tried again
   */
  public void restart() {
    lifecycle.lock();
    try {
      stop();
      long started = System.nanoTime();
      node = KafkaNode.start(settings);
      log.info("Kafka broker restarted in {} ms ({})", millisSince(started), settings.describe());
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Creates a topic with {@code partitions} partitions and replication factor 1, and returns once
   * every partition has a leader. Calling it again with the same partition count does nothing.
   *
   * @throws IllegalArgumentException if the name is not a legal topic name or partitions < 1
   * @throws IllegalStateException if the topic exists with another partition count, or the broker
   *     is stopped or does not answer within 30 s
   */
  public void createTopic(String name, int partitions) {
    if (!isRunning()) {
      throw new IllegalStateException(
          "cannot create topic " + name + ": the Kafka broker is stopped; restart() it first");
    }
    TopicSetup.create(bootstrapServers(), name, partitions, TOPIC_TIMEOUT);
  }

  /**
   * Creates and returns a topic that no other caller gets: {@code <prefix>-<n>-<random>}.
   *
   * @see #createTopic(String, int)
   */
  public String freshTopic(String prefix, int partitions) {
    String name = TopicSetup.freshName(prefix);
    createTopic(name, partitions);
    return name;
  }

  /**
   * Stops an owned broker for good and keeps its directory. The shared broker cannot be closed: its
   * shutdown hook does that when the JVM exits.
   */
  @Override
  public void close() {
    if (isShared) {
      throw new IllegalStateException(
          "the shared Kafka broker is closed by its shutdown hook; use stop() and restart(), or an"
              + " owned broker from EmbeddedKafka.start(dir)");
    }
    shutDown();
  }

  private void shutDown() {
    lifecycle.lock();
    try {
      if (!closed) {
        if (node != null) {
          node.stop();
          node = null;
        }
        closed = true;
      }
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * At JVM exit, waits only a while for a stop or restart in progress: when Kafka itself exits the
   * JVM from inside a restart, that restart never releases the lock.
   */
  private void shutDownAtExit() {
    try {
      if (!lifecycle.tryLock(10, TimeUnit.SECONDS)) {
        log.warn("Kafka broker ({}) busy at JVM exit; not stopped", settings.describe());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      shutDown();
    } finally {
      lifecycle.unlock();
    }
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the Kafka broker (" + settings.describe() + ") is closed");
    }
  }

  private static int[] freePorts() {
    try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getByName(BrokerSettings.HOST));
        ServerSocket controller = new ServerSocket(0, 1, broker.getInetAddress())) {
      return new int[] {broker.getLocalPort(), controller.getLocalPort()};
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + BrokerSettings.HOST, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.warn("could not delete Kafka dir {}: {}", dir, e.toString());
    }
  }
}

package io.eventline.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats a log directory for a single-node KRaft cluster, as {@code kafka-storage.sh format} does,
 * unless an earlier run formatted it already.
 */
final class KraftStorage {
  private static final Logger log = LoggerFactory.getLogger(KraftStorage.class);
  private static final String META_PROPERTIES = "meta.properties";

  private KraftStorage() {}

  /** Whether {@code dir} was formatted and so will be reused with its topics and records. */
  static boolean isFormatted(Path dir) {
    return Files.isRegularFile(dir.resolve(META_PROPERTIES));
  }

  static void formatIfNeeded(Path dir) {
    if (isFormatted(dir)) {
      return;
    }
    requireEmptyOrMissing(dir);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(print)
          .setNodeId(BrokerSettings.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(dir.toString())
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName(BrokerSettings.CONTROLLER_LISTENER)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "formatting Kafka storage in " + dir + " failed: " + e + " " + output, e);
    }
    log.debug("formatted Kafka storage in {}: {}", dir, output.toString(StandardCharsets.UTF_8));
  }

  private static void requireEmptyOrMissing(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "Kafka log dir " + dir + " is a file; give an empty or missing directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "Kafka log dir "
                + dir
                + " holds files but no "
                + META_PROPERTIES
                + ", so it is not a broker's log dir; give an empty or missing directory");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list Kafka log dir " + dir + ": " + e, e);
    }
  }
}

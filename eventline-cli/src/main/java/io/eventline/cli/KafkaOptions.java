package io.eventline.cli;

import io.eventline.core.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/** {@code --kafka} and client properties (security, SASL, TLS) for commands that reach Kafka. */
final class KafkaOptions {
  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers, comma-separated (required with --transport kafka)")
  String bootstrapServers;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client property (security.protocol, sasl.*, ssl.*, ...); may be repeated")
  List<String> properties = List.of();

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description = "A properties file of Kafka client settings")
  Path configFile;

  /** The client properties from the file, then from the command line. */
  Map<String, String> clientProperties() {
    Map<String, String> all = new LinkedHashMap<>();
    if (configFile != null) {
      Properties file = new Properties();
      try (InputStream in = Files.newInputStream(configFile)) {
        file.load(in);
      } catch (IOException e) {
        throw new CliException("cannot read --kafka-config " + configFile + ": " + e.getMessage());
      }
      file.stringPropertyNames().forEach(name -> all.put(name, file.getProperty(name)));
    }
    for (String property : properties) {
      int equals = property.indexOf('=');
      if (equals <= 0) {
        throw new CliException(
            "--kafka-property must be KEY=VALUE but was '" + Redaction.redact(property) + "'");
      }
      String key = property.substring(0, equals).trim();
      if (!key.matches("[A-Za-z0-9._-]{1,200}")) {
        throw new CliException(
            "--kafka-property key '"
                + Redaction.redact(key)
                + "' is not a Kafka setting name (letters, digits, '.', '_', '-')");
      }
      all.put(key, property.substring(equals + 1));
    }
    return all;
  }

  /** Fails with a one-line reason unless a broker answers within the timeout. */
  void requireReachable(Duration timeout) {
    Properties config = new Properties();
    config.putAll(clientProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | org.apache.kafka.common.KafkaException e) {
      throw new CliException(
          "cannot reach Kafka at "
              + bootstrapServers
              + " within "
              + timeout.toSeconds()
              + " s ("
              + Redaction.redact(DatabaseOptions.rootMessage(e))
              + "). Check --kafka and the client security settings");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while checking Kafka at " + bootstrapServers);
    }
  }
}

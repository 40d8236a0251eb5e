package io.eventline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionUnitTests {
  private static final String SECRET = "S3cr3t-Planted";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/orders?user=app&password=S3cr3t-Planted&ssl=true",
        "jdbc:postgresql://db:5432/orders?password=S3cr3t-Planted",
        "jdbc:mariadb://app:S3cr3t-Planted@db:3306/orders",
        "connect failed for jdbc:mysql://db/orders;password=S3cr3t-Planted;user=x",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"S3cr3t-Planted\";",
        "token=S3cr3t-Planted",
        "PASSWORD = S3cr3t-Planted"
      })
  void removesPlantedSecrets(String text) {
    String redacted = Redaction.redact(text);

    assertThat(redacted).doesNotContain(SECRET).contains(Redaction.MASK);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/orders?user=app",
        "order.placed for aggregate 42",
        "http://example.com/a:b"
      })
  void leavesOrdinaryTextAlone(String text) {
    assertThat(Redaction.redact(text)).isEqualTo(text);
  }

  @org.junit.jupiter.api.Test
  void masksSecretSettingsByName() {
    Map<String, String> redacted =
        Redaction.redact(
            Map.of(
                "sasl.jaas.config",
                "x password=\"" + SECRET + "\"",
                "ssl.truststore.password",
                SECRET,
                "bootstrap.servers",
                "kafka:9092"));

    assertThat(redacted.toString()).doesNotContain(SECRET);
    assertThat(redacted).containsEntry("bootstrap.servers", "kafka:9092");
  }
}

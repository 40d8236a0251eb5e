package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.inbox.Inbox;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class KafkaInboxConsumerSettingsUnitTests {
  /** Never connected to: building checks settings only. */
  static final DataSource UNUSED =
      (DataSource)
          java.lang.reflect.Proxy.newProxyInstance(
              KafkaInboxConsumerSettingsUnitTests.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                throw new AssertionError("no connection expected, got " + method.getName());
              });

  final Inbox inbox = Inbox.builder(UNUSED).maxBatchSize(100).build();

  KafkaInboxConsumer.Builder builder() {
    return KafkaInboxConsumer.builder("127.0.0.1:9", "payments", inbox)
        .topics("orders")
        .handler((event, context) -> {});
  }

  @Test
  void theGroupIdAndTopicsFollowKafkasRuleAndNameTheValue() {
    assertThatThrownBy(() -> KafkaInboxConsumer.builder("127.0.0.1:9", "bad group", inbox))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KafkaInboxConsumer.groupId must be 1 to 249")
        .hasMessageContaining("bad group");
    assertThatThrownBy(() -> builder().topics("orders; drop"))
        .hasMessageContaining("KafkaInboxConsumer.topics must be 1 to 249");
    assertThatThrownBy(() -> builder().deadLetterTopic(".."))
        .hasMessageContaining("KafkaInboxConsumer.deadLetterTopic");
  }

  @Test
  void theConsumerNameDefaultsToTheGroupIdAndFollowsTheInboxRule() {
    assertThat(builder().build().consumer()).isEqualTo("payments");
    assertThat(builder().consumer("billing").build().consumer()).isEqualTo("billing");
    assertThatThrownBy(
            () ->
                KafkaInboxConsumer.builder("127.0.0.1:9", "_internal", inbox)
                    .topics("orders")
                    .handler((event, context) -> {})
                    .build())
        .hasMessageContaining("consumer name '_internal' is not valid");
  }

  @Test
  void offsetCommitsAndDeserializersCannotBeOverridden() {
    for (String fixed :
        new String[] {
          "enable.auto.commit",
          "group.id",
          "key.deserializer",
          "value.deserializer",
          "bootstrap.servers"
        }) {
      assertThatThrownBy(() -> builder().property(fixed, "x"))
          .hasMessageContaining("'" + fixed + "' is fixed by Eventline");
    }
    builder().property("max.poll.records", "50").property("security.protocol", "SSL");
  }

  @Test
  void numbersAndDurationsAreCheckedWithTheirSetting() {
    assertThatThrownBy(() -> builder().threads(0))
        .hasMessage("KafkaInboxConsumer.threads must be in [1, 256] but was 0");
    assertThatThrownBy(() -> builder().queueCapacity(0))
        .hasMessage("KafkaInboxConsumer.queueCapacity must be in [1, 100000] but was 0");
    assertThatThrownBy(() -> builder().pollTimeout(Duration.ZERO))
        .hasMessageContaining("KafkaInboxConsumer.pollTimeout must be in");
    assertThatThrownBy(() -> builder().batchSize(101).build())
        .hasMessage(
            "KafkaInboxConsumer.batchSize (101) is above the inbox's Inbox.maxBatchSize (100);"
                + " lower batchSize or raise Inbox.maxBatchSize");
  }

  @Test
  void topicsAndAHandlerAreRequired() {
    assertThatThrownBy(
            () ->
                KafkaInboxConsumer.builder("127.0.0.1:9", "payments", inbox)
                    .handler((event, context) -> {})
                    .build())
        .hasMessageContaining("give at least one topic");
    assertThatThrownBy(
            () -> KafkaInboxConsumer.builder("127.0.0.1:9", "payments", inbox).topics("o").build())
        .hasMessageContaining("KafkaInboxConsumer.handler must be set");
  }
}

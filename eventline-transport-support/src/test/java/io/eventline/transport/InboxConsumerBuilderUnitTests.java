package io.eventline.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.inbox.Inbox;
import java.lang.reflect.Proxy;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class InboxConsumerBuilderUnitTests {

  /** A transport's consumer as far as its builder goes; nothing here touches a database. */
  interface ExampleConsumer {}

  static final class ExampleBuilder extends InboxConsumerBuilder<ExampleBuilder> {
    int lanes = 4;

    ExampleBuilder(String consumer) {
      super(ExampleConsumer.class, consumer, inbox());
    }

    ExampleBuilder lanes(int value) {
      this.lanes = range("lanes", value, 1, 8);
      return this;
    }

    InboxConsumerSettings build() {
      return settings();
    }
  }

  static Inbox inbox() {
    DataSource unused =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException("no database in this test");
                });
    return Inbox.builder(unused).build();
  }

  @Test
  void settingsCarryWhatWasSetAndTheDefaults() {
    InboxConsumerSettings settings =
        new ExampleBuilder("billing")
            .topics("orders", "payments.v2")
            .handler((event, context) -> {})
            .replayInterval(Duration.ofSeconds(1))
            .lanes(2)
            .build();

    assertThat(settings.consumer()).isEqualTo("billing");
    assertThat(settings.topics()).containsExactly("orders", "payments.v2");
    assertThat(settings.replayInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.purgeInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void errorsNameTheConsumerTypeTheSettingAndTheValue() {
    ExampleBuilder builder = new ExampleBuilder("billing");

    assertThatThrownBy(() -> builder.topics("orders", "no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ExampleConsumer.topics: 'no spaces' is not a valid topic");
    assertThatThrownBy(() -> builder.lanes(9))
        .hasMessage("ExampleConsumer.lanes must be in [1, 8] but was 9");
    assertThatThrownBy(() -> builder.shutdownTimeout(Duration.ofSeconds(-1)))
        .hasMessage("ExampleConsumer.shutdownTimeout must be in [PT0S, PT24H] but was PT-1S");
    assertThatThrownBy(() -> builder.purgeInterval(null))
        .hasMessage("ExampleConsumer.purgeInterval must be in [PT0.01S, PT24H] but was null");
    assertThatThrownBy(() -> new ExampleBuilder("has space"))
        .hasMessageContaining("consumer name 'has space' is not valid");
  }

  @Test
  void buildRefusesAMissingTopicOrHandler() {
    assertThatThrownBy(() -> new ExampleBuilder("billing").handler((event, context) -> {}).build())
        .hasMessage("ExampleConsumer.topics: give at least one");
    assertThatThrownBy(() -> new ExampleBuilder("billing").topics("orders").build())
        .hasMessage("ExampleConsumer.handler must be set");
  }
}

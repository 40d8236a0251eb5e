package io.eventline.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxSettingsUnitTests {
  /** Never connected to: the settings are checked before any connection is taken. */
  static final DataSource UNUSED =
      new DataSource() {
        @Override
        public java.sql.Connection getConnection() {
          throw new AssertionError("no connection expected");
        }

        @Override
        public java.sql.Connection getConnection(String user, String password) {
          throw new AssertionError("no connection expected");
        }

        @Override
        public PrintWriter getLogWriter() {
          return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
          return 0;
        }

        @Override
        public Logger getParentLogger() {
          return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
          throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
          return false;
        }
      };

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "x'; DROP TABLE eventline_inbox; --", "-leading", "ä"})
  void consumerNamesOutsideThePatternAreRefusedWithTheValue(String name) {
    assertThatThrownBy(() -> Inbox.requireConsumerName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consumer name '")
        .hasMessageContaining("letters, digits");
  }

  @Test
  void consumerNamesAreAtMostOneHundredCharacters() {
    assertThat(Inbox.requireConsumerName("a".repeat(100))).hasSize(100);
    assertThatThrownBy(() -> Inbox.requireConsumerName("a".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Inbox.requireConsumerName("payments.v2_eu-1")).isEqualTo("payments.v2_eu-1");
  }

  @Test
  void aDedupeWindowNotLongerThanTheRedeliveryWindowIsRefused() {
    assertThatThrownBy(
            () ->
                Inbox.builder(UNUSED)
                    .dedupeWindow(Duration.ofDays(3))
                    .longestRedelivery(Duration.ofDays(7))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Inbox.dedupeWindow (PT72H)")
        .hasMessageContaining("Inbox.longestRedelivery (PT168H)")
        .hasMessageContaining("runs the handler again");
    assertThatThrownBy(
            () ->
                Inbox.builder(UNUSED)
                    .dedupeWindow(Duration.ofDays(7))
                    .longestRedelivery(Duration.ofDays(7))
                    .build())
        .hasMessageContaining("must be longer than");
    assertThat(
            Inbox.builder(UNUSED)
                .dedupeWindow(Duration.ofDays(8))
                .longestRedelivery(Duration.ofDays(7))
                .build()
                .dedupeWindow())
        .isEqualTo(Duration.ofDays(8));
  }

  @Test
  void badNumbersAndDurationsNameTheSettingAndTheValue() {
    Inbox.Builder builder = Inbox.builder(UNUSED);
    assertThatThrownBy(() -> builder.maxAttempts(0))
        .hasMessage("Inbox.maxAttempts must be in [1, 1000] but was 0");
    assertThatThrownBy(() -> builder.maxBatchSize(1_001))
        .hasMessage("Inbox.maxBatchSize must be in [1, 1000] but was 1001");
    assertThatThrownBy(() -> builder.dedupeWindow(Duration.ZERO))
        .hasMessage("Inbox.dedupeWindow must be a positive duration but was PT0S");
    assertThatThrownBy(() -> builder.longestRedelivery(null))
        .hasMessage("Inbox.longestRedelivery must be a positive duration but was null");
  }
}

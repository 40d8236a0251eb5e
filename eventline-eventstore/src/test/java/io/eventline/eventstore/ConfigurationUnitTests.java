package io.eventline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Values and settings are checked when built, with messages naming the setting and the value. */
class ConfigurationUnitTests {
  private static final EventHandler NOOP = event -> {};

  @Test
  void expectedVersions() {
    assertThat(ExpectedVersion.exactly(0).isExact()).isTrue();
    assertThat(ExpectedVersion.ANY.isExact()).isFalse();
    assertThat(ExpectedVersion.exactly(7)).hasToString("7");
    assertThat(ExpectedVersion.NO_STREAM).hasToString("NO_STREAM");
    assertThatThrownBy(() -> ExpectedVersion.exactly(-1))
        .hasMessageContaining("version >= 0 but was -1");
    assertThatThrownBy(() -> new ExpectedVersion(-9)).hasMessageContaining("but was -9");
  }

  @Test
  void checkpointsSortByTransactionThenPosition() {
    assertThat(new Checkpoint(5, 100)).isLessThan(new Checkpoint(6, 1));
    assertThat(new Checkpoint(6, 1)).isLessThan(new Checkpoint(6, 2));
    assertThat(Checkpoint.START).isLessThan(new Checkpoint(3, 1));
    assertThatThrownBy(() -> new Checkpoint(-1, 0)).hasMessageContaining("(-1, 0)");
  }

  @Test
  void feedFilters() {
    assertThatThrownBy(() -> FeedFilter.category("order-1"))
        .hasMessageContaining("may not contain '-'")
        .hasMessageContaining("'order-1'");
    assertThatThrownBy(() -> FeedFilter.eventType(" ")).hasMessageContaining("non-blank");
    assertThat(FeedFilter.category("order")).hasToString("category:order");
    assertThat(Streams.category("order-42-x")).isEqualTo("order");
    assertThat(Streams.category("order")).isEqualTo("order");
  }

  @Test
  void streamMetadata() {
    assertThatThrownBy(() -> new StreamMetadata(-1, null))
        .hasMessageContaining("truncateBefore must be >= 0 but was -1");
    assertThatThrownBy(() -> StreamMetadata.NONE.withMaxAge(Duration.ZERO))
        .hasMessageContaining("maxAge must be positive or null but was PT0S");
    assertThatThrownBy(() -> Streams.requireStreamId("$all"))
        .hasMessageContaining("may not start with '$'");
  }

  @Test
  void subscriptionSettingsNameTheSettingAndTheValue() {
    Duration lease = Duration.ofSeconds(30);
    Duration poll = Duration.ofSeconds(1);
    assertThatThrownBy(() -> settings("s", NOOP, null, 0, lease, poll))
        .hasMessageContaining("Subscription 's' batchSize must be 1 to 10000 but was 0");
    assertThatThrownBy(() -> settings("s", NOOP, null, 10, Duration.ofMillis(100), poll))
        .hasMessageContaining("leaseDuration must be at least 500 ms but was PT0.1S");
    assertThatThrownBy(() -> settings("s", NOOP, null, 10, lease, Duration.ofSeconds(20)))
        .hasMessageContaining("pollInterval must be at least 10 ms and at most leaseDuration / 3")
        .hasMessageContaining("but was PT20S");
    assertThatThrownBy(() -> settings("s", null, null, 10, lease, poll))
        .hasMessageContaining("exactly one of handler(...) or projection(...)");
    assertThatThrownBy(() -> settings("s", NOOP, (tx, e) -> {}, 10, lease, poll))
        .hasMessageContaining("exactly one of handler(...) or projection(...)");
    assertThatThrownBy(() -> settings(" ", NOOP, null, 10, lease, poll))
        .hasMessageContaining("Subscription.name must be 1 to 200 characters");
  }

  private static SubscriptionSettings settings(
      String name,
      EventHandler handler,
      Projection projection,
      int batch,
      Duration lease,
      Duration poll) {
    return SubscriptionSettings.validate(
        name, FeedFilter.all(), handler, projection, "i1", batch, lease, poll, p -> {});
  }
}

package io.eventline.eventstore;

import java.time.Duration;
import java.util.function.Consumer;

/** A subscription's validated settings. */
record SubscriptionSettings(
    String name,
    FeedFilter filter,
    EventHandler handler,
    Projection projection,
    String instanceId,
    int batchSize,
    Duration leaseDuration,
    Duration pollInterval,
    Consumer<Progress> onProgress) {

  static SubscriptionSettings validate(
      String name,
      FeedFilter filter,
      EventHandler handler,
      Projection projection,
      String instanceId,
      int batchSize,
      Duration leaseDuration,
      Duration pollInterval,
      Consumer<Progress> onProgress) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException(
          "Subscription.name must be 1 to 200 characters but was '" + name + "'");
    }
    String where = "Subscription '" + name + "' ";
    if ((handler == null) == (projection == null)) {
      throw new IllegalArgumentException(
          where + "needs exactly one of handler(...) or projection(...)");
    }
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException(where + "instanceId may not be blank");
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException(
          where + "batchSize must be 1 to 10000 but was " + batchSize);
    }
    if (leaseDuration == null || leaseDuration.toMillis() < 500) {
      throw new IllegalArgumentException(
          where + "leaseDuration must be at least 500 ms but was " + leaseDuration);
    }
    if (pollInterval == null
        || pollInterval.toMillis() < 10
        || pollInterval.compareTo(leaseDuration.dividedBy(3)) > 0) {
      throw new IllegalArgumentException(
          where
              + "pollInterval must be at least 10 ms and at most leaseDuration / 3 ("
              + (leaseDuration == null ? "?" : leaseDuration.dividedBy(3))
              + ") so the lease is renewed in time, but was "
              + pollInterval);
    }
    return new SubscriptionSettings(
        name,
        filter,
        handler,
        projection,
        instanceId,
        batchSize,
        leaseDuration,
        pollInterval,
        onProgress);
  }
}

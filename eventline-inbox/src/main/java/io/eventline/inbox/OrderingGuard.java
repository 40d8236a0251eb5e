package io.eventline.inbox;

import java.util.Objects;

/**
 * Optional check of each event's {@code aggregateVersion} against the highest version this consumer
 * handled for the same aggregate. A version one above the last is in order; a larger one means
 * events are missing (a gap); a smaller or equal one is older than what was handled. Events without
 * a version are not checked.
 *
 * <p>The last version is kept in {@code eventline_inbox_aggregate} and updated in the handler's
 * transaction, under a row lock, so concurrent consumers of one aggregate are serialized there.
 * Gaps and older events are counted in {@link InboxStats} whatever the policy.
 *
 * @param policy what to do with a gap or an older event
 */
public record OrderingGuard(Policy policy) {

  public OrderingGuard {
    Objects.requireNonNull(policy, "OrderingGuard.policy may not be null");
  }

  /** What to do with an event that is out of order. */
  public enum Policy {
    /** Do not check versions. */
    OFF,
    /** Run the handler anyway, count it and log a warning. */
    PROCESS_AND_COUNT,
    /**
     * Do not run the handler: park the event in the dead letters (kind {@code PARKED}) with the
     * versions in the reason, count it and log an error, for an operator to replay once the missing
     * events arrived.
     */
    PARK
  }

  /** No version checks (the default). */
  public static OrderingGuard off() {
    return new OrderingGuard(Policy.OFF);
  }

  public static OrderingGuard processAndCount() {
    return new OrderingGuard(Policy.PROCESS_AND_COUNT);
  }

  public static OrderingGuard park() {
    return new OrderingGuard(Policy.PARK);
  }

  public boolean isOn() {
    return policy != Policy.OFF;
  }
}

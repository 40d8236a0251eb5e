package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.inbox.InboxResult.OrderCheck;

/** What the ordering guard says about an event out of order: the reason and the fix. */
final class OrderMessages {
  private OrderMessages() {}

  static String parked(String consumer, EventEnvelope<?> event, OrderingCheck.Seen seen) {
    return "consumer "
        + consumer
        + " parked event "
        + event.eventId()
        + ": "
        + describe(event, seen)
        + ". It is in eventline_dead_letter (kind PARKED); once the missing events were handled,"
        + " run 'eventline inbox replay "
        + event.eventId()
        + "'";
  }

  static String processedAnyway(String consumer, EventEnvelope<?> event, OrderingCheck.Seen seen) {
    return "consumer "
        + consumer
        + " handles event "
        + event.eventId()
        + " out of order, as its ordering guard says: "
        + describe(event, seen);
  }

  private static String describe(EventEnvelope<?> event, OrderingCheck.Seen seen) {
    String aggregate =
        event.aggregateType()
            + " "
            + Texts.printable(event.aggregateId())
            + " was last handled at version "
            + seen.last()
            + " and event "
            + event.eventId()
            + " ("
            + Texts.printable(event.eventType())
            + ") has version "
            + event.aggregateVersion();
    if (seen.check() == OrderCheck.GAP) {
      long from = seen.last() + 1;
      long to = event.aggregateVersion() - 1;
      return aggregate
          + " ("
          + (from == to ? "version " + from + " is" : "versions " + from + " to " + to + " are")
          + " missing)";
    }
    return aggregate + " (older than what was handled)";
  }
}

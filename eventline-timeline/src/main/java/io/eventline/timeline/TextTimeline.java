package io.eventline.timeline;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The terminal rendering. Control characters from events are replaced, so a value cannot forge
 * lines.
 */
final class TextTimeline {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private TextTimeline() {}

  static String render(Timeline timeline) {
    StringBuilder out = new StringBuilder();
    long events = timeline.entries().stream().map(TimelineEntry::eventId).distinct().count();
    long services = timeline.entries().stream().map(TimelineEntry::service).distinct().count();
    out.append("Timeline of correlation ")
        .append(clean(timeline.correlationId()))
        .append(
            String.format(
                Locale.ROOT,
                " (%d events, %d entries, %d services; UTC, by each service's database clock)%n%n",
                events,
                timeline.entries().size(),
                services));
    if (timeline.isEmpty()) {
      return out.append(
              "nothing found: no outbox, inbox, dead-letter or event-store row carries this correlation id\n")
          .toString();
    }
    for (TimelineEntry entry : timeline.entries()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-23s %9s  %-14s %-13s %-24s %s %s%s  %s%s%s%n",
              entry.at() == null ? "(not yet)" : TIME.format(entry.at()),
              Delays.sinceWritten(timeline, entry),
              clean(entry.service()),
              entry.kind(),
              clean(entry.eventType()),
              clean(entry.aggregateType()),
              clean(entry.aggregateId()),
              entry.aggregateVersion() == null ? "" : " v" + entry.aggregateVersion(),
              clean(entry.eventId()),
              entry.actor() == null ? "" : "  " + actorLabel(entry) + " " + clean(entry.actor()),
              entry.detail() == null ? "" : "  (" + clean(firstLine(entry.detail())) + ")"));
    }
    out.append(System.lineSeparator()).append("Causation:").append(System.lineSeparator());
    for (Timeline.Node root : timeline.causationTree()) {
      tree(out, root, "", "");
    }
    return out.toString();
  }

  private static String actorLabel(TimelineEntry entry) {
    return switch (entry.kind()) {
      case CONSUMED, DEAD_LETTERED, REPLAYED -> "by";
      case APPENDED -> "in";
      default -> "to";
    };
  }

  private static void tree(StringBuilder out, Timeline.Node node, String lead, String childLead) {
    TimelineEntry event = node.event();
    out.append(lead)
        .append(clean(event.eventType()))
        .append(" (")
        .append(clean(event.eventId()))
        .append(") [")
        .append(clean(event.service()))
        .append("]")
        .append(System.lineSeparator());
    List<Timeline.Node> caused = node.caused();
    for (int i = 0; i < caused.size(); i++) {
      boolean last = i == caused.size() - 1;
      tree(
          out,
          caused.get(i),
          childLead + (last ? "└─ " : "├─ "),
          childLead + (last ? "   " : "│  "));
    }
  }

  private static String firstLine(String value) {
    int newline = value.indexOf('\n');
    return newline < 0 ? value : value.substring(0, newline).stripTrailing() + " ...";
  }

  static String clean(String value) {
    if (value == null) {
      return "";
    }
    String flat = value.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}

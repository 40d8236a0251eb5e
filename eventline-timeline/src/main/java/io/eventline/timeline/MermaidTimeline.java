package io.eventline.timeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Mermaid sequence diagram. Every label taken from events is reduced to letters, digits and a few
 * punctuation marks; anything else becomes a Mermaid entity code ({@code #60;}), so no value can
 * end a line, open a directive or inject markup.
 */
final class MermaidTimeline {
  private MermaidTimeline() {}

  static String render(Timeline timeline) {
    StringBuilder out = new StringBuilder("sequenceDiagram\n");
    Map<String, String> participants = new LinkedHashMap<>();
    for (TimelineEntry entry : timeline.entries()) {
      participants.computeIfAbsent(entry.service(), s -> "S" + participants.size());
    }
    participants.forEach(
        (service, alias) ->
            out.append("  participant ")
                .append(alias)
                .append(" as ")
                .append(label(service))
                .append('\n'));
    out.append("  participant B as broker\n");
    for (TimelineEntry entry : timeline.entries()) {
      String from = participants.get(entry.service());
      String what = label(entry.eventType()) + " " + label(entry.aggregateId());
      switch (entry.kind()) {
        case WRITTEN -> note(out, from, "wrote " + what);
        case APPENDED -> note(out, from, "appended " + what + " to " + label(entry.actor()));
        case PUBLISHED -> out.append("  ").append(from).append("->>B: ").append(what).append('\n');
        case CONSUMED ->
            out.append("  B->>")
                .append(from)
                .append(": ")
                .append(what)
                .append(" (")
                .append(label(entry.actor()))
                .append(")\n");
        case PENDING, RETRYING, DEAD, SKIPPED, DEAD_LETTERED, REPLAYED ->
            note(
                out,
                from,
                entry.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " "
                    + what
                    + detail(entry));
      }
    }
    return out.toString();
  }

  private static String detail(TimelineEntry entry) {
    return entry.detail() == null ? "" : ": " + label(entry.detail());
  }

  private static void note(StringBuilder out, String participant, String text) {
    out.append("  Note over ").append(participant).append(": ").append(text).append('\n');
  }

  /** Letters, digits, space and {@code . _ - /} pass; everything else is an entity code. */
  static String label(String value) {
    if (value == null) {
      return "";
    }
    String clipped = value.length() > 120 ? value.substring(0, 120) + "..." : value;
    StringBuilder out = new StringBuilder();
    clipped
        .codePoints()
        .forEach(
            c -> {
              if ((c >= 'a' && c <= 'z')
                  || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9')
                  || c == ' '
                  || c == '.'
                  || c == '_'
                  || c == '-'
                  || c == '/') {
                out.appendCodePoint(c);
              } else {
                out.append('#').append(c).append(';');
              }
            });
    return out.toString();
  }
}

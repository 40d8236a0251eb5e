package io.eventline.timeline;

import java.util.Locale;

/** How a timeline is printed. */
public enum TimelineFormat {
  /** A chronological table and the causation tree, for a terminal. */
  TEXT,
  /** The entries and the tree as JSON. */
  JSON,
  /** A Mermaid sequence diagram: services as participants, the broker in the middle. */
  MERMAID,
  /** A self-contained HTML page (no scripts, everything escaped). */
  HTML;

  /** Renders {@code timeline}; every value taken from events is escaped for the format. */
  public String render(Timeline timeline) {
    return switch (this) {
      case TEXT -> TextTimeline.render(timeline);
      case JSON -> JsonTimeline.render(timeline);
      case MERMAID -> MermaidTimeline.render(timeline);
      case HTML -> HtmlTimeline.render(timeline);
    };
  }

  /** The format named {@code text}, case-insensitive. */
  public static TimelineFormat parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown timeline format '" + text + "': use text, json, mermaid or html");
    }
  }
}

package io.eventline.timeline;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A self-contained HTML page: a table of entries, the causation tree, and the Mermaid source as
 * text. It contains no script, forbids scripts by Content-Security-Policy, and HTML-escapes every
 * value taken from events.
 */
final class HtmlTimeline {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private HtmlTimeline() {}

  static String render(Timeline timeline) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'\">\n")
        .append("<title>Timeline ")
        .append(escape(timeline.correlationId()))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;")
        .append("font-size:13px;text-align:left}pre{background:#f6f6f6;padding:1em}</style>\n")
        .append("</head><body>\n<h1>Timeline of correlation <code>")
        .append(escape(timeline.correlationId()))
        .append("</code></h1>\n<p>Times are UTC, by each service's database clock.</p>\n")
        .append("<table><tr><th>time</th><th>service</th><th>what</th><th>event type</th>")
        .append("<th>aggregate</th><th>event id</th><th>by / to</th><th>detail</th></tr>\n");
    for (TimelineEntry entry : timeline.entries()) {
      out.append("<tr><td>")
          .append(entry.at() == null ? "" : TIME.format(entry.at()))
          .append("</td><td>")
          .append(escape(entry.service()))
          .append("</td><td>")
          .append(entry.kind())
          .append("</td><td>")
          .append(escape(entry.eventType()))
          .append("</td><td>")
          .append(escape(entry.aggregateType()))
          .append(' ')
          .append(escape(entry.aggregateId()))
          .append(entry.aggregateVersion() == null ? "" : " v" + entry.aggregateVersion())
          .append("</td><td><code>")
          .append(escape(entry.eventId()))
          .append("</code></td><td>")
          .append(escape(entry.actor()))
          .append("</td><td>")
          .append(escape(entry.detail()))
          .append("</td></tr>\n");
    }
    out.append("</table>\n<h2>Causation</h2>\n<ul>\n");
    for (Timeline.Node root : timeline.causationTree()) {
      tree(out, root);
    }
    out.append("</ul>\n<h2>Sequence (Mermaid source)</h2>\n<pre>")
        .append(escape(MermaidTimeline.render(timeline)))
        .append("</pre>\n</body></html>\n");
    return out.toString();
  }

  private static void tree(StringBuilder out, Timeline.Node node) {
    out.append("<li>")
        .append(escape(node.event().eventType()))
        .append(" <code>")
        .append(escape(node.event().eventId()))
        .append("</code> [")
        .append(escape(node.event().service()))
        .append("]");
    if (!node.caused().isEmpty()) {
      out.append("<ul>");
      node.caused().forEach(child -> tree(out, child));
      out.append("</ul>");
    }
    out.append("</li>\n");
  }

  static String escape(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(Character.isISOControl(c) && c != '\n' ? '?' : c);
      }
    }
    return out.toString();
  }
}

package io.eventline.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile values from events never become markup, script or diagram syntax. */
class TimelineFormatUnitTests {
  static final String SCRIPT = "<script>alert('owned')</script>";
  static final String MERMAID_BREAK = "x\nparticipant Evil as <b>evil</b>\n%%{init: {}}%%;#9;";

  final Timeline hostile =
      new Timeline(
          "corr-" + SCRIPT,
          List.of(
              new TimelineEntry(
                  Instant.parse("2026-11-26T12:00:00Z"),
                  "orders",
                  TimelineEntry.Kind.WRITTEN,
                  "id-" + SCRIPT,
                  "order.placed" + MERMAID_BREAK,
                  "order",
                  "42\"><img src=x onerror=alert(1)>",
                  null,
                  null,
                  "topic",
                  SCRIPT),
              new TimelineEntry(
                  Instant.parse("2026-11-26T12:00:01Z"),
                  "payments",
                  TimelineEntry.Kind.DEAD_LETTERED,
                  "id-2",
                  "payment.failed",
                  "payment",
                  "p",
                  1L,
                  "id-" + SCRIPT,
                  "payments",
                  MERMAID_BREAK + SCRIPT)));

  @Test
  void htmlEscapesEverythingAndForbidsScripts() {
    String html = TimelineFormat.HTML.render(hostile);

    assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>");
    assertThat(html).contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;");
    assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
  }

  @Test
  void mermaidLabelsCannotStartNewStatements() {
    String mermaid = TimelineFormat.MERMAID.render(hostile);

    assertThat(mermaid.lines())
        .allSatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "sequenceDiagram|  participant S\\d as [A-Za-z0-9 ._/#;-]*|  participant B as"
                            + " broker|  Note over S\\d: .*|  S\\d->>B: .*|  B->>S\\d: .*"));
    assertThat(mermaid).doesNotContain("<").doesNotContain("%%");
    assertThat(mermaid.lines()).noneMatch(line -> line.strip().startsWith("participant Evil"));
  }

  @Test
  void textReplacesControlCharacters() {
    String text = TimelineFormat.TEXT.render(hostile);

    assertThat(text).doesNotContain("\nparticipant Evil");
  }

  @Test
  void jsonKeepsValuesAsStrings() {
    String json = TimelineFormat.JSON.render(hostile);

    assertThat(json).contains("\\n").contains("<script>");
  }
}

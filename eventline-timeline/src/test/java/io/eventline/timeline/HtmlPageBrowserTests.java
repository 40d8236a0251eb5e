package io.eventline.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML page in a real browser (headless Chromium): hostile strings planted in an event render
 * as text, no script runs, and the page renders (a screenshot is taken). Skipped, with the reason,
 * where Chromium is not installed ({@code apt-get install chromium}).
 */
class HtmlPageBrowserTests {
  static final String CHROMIUM =
      System.getenv().getOrDefault("EVENTLINE_CHROMIUM", "/usr/bin/chromium");
  static final String SCRIPT =
      "<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>";
  static final String IMG =
      "<img src=x onerror=\"document.title='PWNED';document.body.setAttribute('data-pwned','2')\">";
  static final String MERMAID =
      "x\n%%{init: {\"securityLevel\": \"loose\"}}%%\nclick S0 call alert(1)";
  static Path page;

  @BeforeAll
  static void render() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)), "Chromium is not installed at " + CHROMIUM);
    Timeline timeline =
        new Timeline(
            "corr-" + SCRIPT,
            List.of(
                new TimelineEntry(
                    Instant.parse("2026-11-26T12:00:00Z"),
                    "orders",
                    TimelineEntry.Kind.WRITTEN,
                    "id-" + IMG,
                    "order.placed" + SCRIPT,
                    "order",
                    "42" + IMG,
                    1L,
                    null,
                    "topic",
                    MERMAID),
                new TimelineEntry(
                    Instant.parse("2026-11-26T12:00:01Z"),
                    "payments",
                    TimelineEntry.Kind.DEAD_LETTERED,
                    "id-2",
                    "payment.failed",
                    "payment",
                    "42",
                    1L,
                    "id-" + IMG,
                    "payments",
                    "boom " + SCRIPT + IMG)));
    page = Files.createTempFile("timeline", ".html");
    Files.writeString(page, TimelineFormat.HTML.render(timeline), StandardCharsets.UTF_8);
  }

  @Test
  void plantedScriptsShowAsTextAndNeverRun() throws Exception {
    String dom = chromium("--dump-dom", page.toUri().toString());

    assertThat(dom).contains("<title>Timeline corr-&lt;script&gt;");
    assertThat(dom).doesNotContain("<title>PWNED").doesNotContain("data-pwned=\"");
    assertThat(dom).doesNotContainPattern("<script[ >]");
    assertThat(dom).doesNotContainPattern("<img[ >]");
    assertThat(dom).contains("&lt;script&gt;document.title=");
  }

  @Test
  void thePageRenders() throws Exception {
    Path screenshot = Files.createTempFile("timeline", ".png");
    chromium("--screenshot=" + screenshot, "--window-size=1280,900", page.toUri().toString());

    assertThat(Files.size(screenshot)).isGreaterThan(5_000);
  }

  private static String chromium(String... arguments) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=2000"));
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}

package io.eventline.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.core.Redaction;
import io.eventline.timeline.Timeline;
import io.eventline.timeline.TimelineFormat;
import io.eventline.timeline.TimelineSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eventline timeline}: one business transaction across services, rebuilt from each service's
 * outbox, inbox, dead letters and event store.
 */
@Command(
    name = "timeline",
    description =
        "Show what happened to one business transaction across services: every event, where it was"
            + " written, published, consumed or dead-lettered, and what caused what.")
final class TimelineCommand implements Callable<Integer> {

  /** A correlation id, or an event id whose correlation id is looked up. */
  static final class Target {
    @Parameters(paramLabel = "CORRELATION_ID", description = "The business transaction")
    String correlationId;

    @Option(
        names = "--event",
        paramLabel = "EVENT_ID",
        description = "Start from this event instead")
    String eventId;

    @Option(
        names = "--aggregate",
        paramLabel = "TYPE:ID",
        description = "Every business transaction of this aggregate, such as order:42")
    String aggregate;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Option(
      names = "--service",
      paramLabel = "NAME=JDBC_URL",
      description = "A service and its database; repeat for each service")
  List<String> services = new ArrayList<>();

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "A service's database, named after its schema or database; repeatable")
  List<String> jdbcUrls = new ArrayList<>();

  @Option(
      names = "--db-user",
      defaultValue = "${env:EVENTLINE_DB_USER}",
      description = "Database user for every service (default $EVENTLINE_DB_USER)")
  String user;

  @Option(
      names = "--db-password",
      defaultValue = "${env:EVENTLINE_DB_PASSWORD}",
      description = "Database password for every service (prefer $EVENTLINE_DB_PASSWORD)")
  String password;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json, mermaid or html (default text)")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write to this file instead of stdout")
  Path output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The schema ({@code currentSchema=}) or the database name of a JDBC URL. */
  static String serviceName(String url) {
    java.util.regex.Matcher schema =
        java.util.regex.Pattern.compile("[?&;]currentSchema=([A-Za-z0-9_]+)").matcher(url);
    if (schema.find()) {
      return schema.group(1);
    }
    String path = url.replaceFirst("^jdbc:[a-z]+://[^/]*/", "").replaceFirst("[?;].*$", "");
    return path.isBlank() ? "db" : path.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public Integer call() {
    TimelineFormat chosen;
    try {
      chosen = TimelineFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if (services.isEmpty() && jdbcUrls.isEmpty()) {
      throw new CliException(
          "name at least one service database: --jdbc-url URL or --service NAME=URL");
    }
    List<String> named = new ArrayList<>(services);
    for (String url : jdbcUrls) {
      named.add(serviceName(url) + "=" + url);
    }
    List<HikariDataSource> pools = new ArrayList<>();
    try {
      List<TimelineSource> sources = new ArrayList<>();
      for (String service : named) {
        int equals = service.indexOf('=');
        if (equals <= 0) {
          throw new CliException(
              "--service must be NAME=JDBC_URL but was '" + Redaction.redact(service) + "'");
        }
        DatabaseOptions database = new DatabaseOptions();
        database.jdbcUrl = service.substring(equals + 1);
        database.user = user;
        database.password = password;
        HikariDataSource pool = database.open("timeline", 1);
        pools.add(pool);
        try {
          sources.add(new TimelineSource(service.substring(0, equals), pool));
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage());
        }
      }
      String correlation = target.correlationId;
      if (target.eventId != null) {
        correlation =
            Timeline.correlationOf(target.eventId, sources)
                .orElseThrow(
                    () ->
                        new CliException(
                            "no service's tables know event '"
                                + Redaction.redact(target.eventId)
                                + "'; check the id and the --service list"));
      }
      Timeline timeline;
      if (target.aggregate != null) {
        int colon = target.aggregate.indexOf(':');
        if (colon <= 0 || colon == target.aggregate.length() - 1) {
          throw new CliException("--aggregate must be TYPE:ID, such as order:42");
        }
        timeline =
            Timeline.ofAggregate(
                target.aggregate.substring(0, colon),
                target.aggregate.substring(colon + 1),
                sources);
      } else {
        timeline = Timeline.of(correlation, sources);
      }
      String rendered = chosen.render(timeline);
      if (output != null) {
        Files.writeString(output, rendered, StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("wrote " + output);
      } else {
        spec.commandLine().getOut().print(rendered);
      }
      return 0;
    } catch (IOException e) {
      throw new CliException("cannot write " + output + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    } finally {
      pools.forEach(HikariDataSource::close);
    }
  }
}

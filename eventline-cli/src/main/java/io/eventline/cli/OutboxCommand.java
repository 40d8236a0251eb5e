package io.eventline.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.core.Redaction;
import io.eventline.jdbc.SchemaException;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.outbox.OutboxAdmin;
import io.eventline.outbox.OutboxAdmin.DeadEvent;
import io.eventline.outbox.OutboxAdmin.OutboxStatus;
import io.eventline.outbox.OutboxAdmin.PartitionOwner;
import io.eventline.outbox.OutboxSchema;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventline outbox ...}: what is pending or dead, and retrying or skipping dead events. */
@Command(
    name = "outbox",
    description = "Inspect and repair the outbox.",
    subcommands = {
      OutboxCommand.Status.class,
      OutboxCommand.Dead.class,
      OutboxCommand.Retry.class,
      OutboxCommand.Skip.class
    })
final class OutboxCommand {

  /** Opens the database, checks the schema, runs {@code action} on an admin. */
  static <T> T withAdmin(DatabaseOptions database, Function<OutboxAdmin, T> action) {
    try (HikariDataSource dataSource = database.open("outbox", 2)) {
      SchemaMigrator.create(dataSource, List.of(new OutboxSchema()))
          .requireCurrent(OutboxSchema.NAME);
      return action.apply(OutboxAdmin.create(dataSource));
    } catch (SchemaException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  static UUID eventId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("'" + Redaction.redact(text) + "' is not an event id (a UUID)");
    }
  }

  @Command(
      name = "status",
      description = "Pending, retrying and dead counts, oldest pending age, partition owners.")
  static final class Status implements Callable<Integer> {
    @Mixin DatabaseOptions database;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      OutboxStatus status = withAdmin(database, OutboxAdmin::status);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(status));
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "pending %,d%s, retrying %,d, dead %,d, oldest pending %.1f s%n",
          status.pending(),
          status.pendingCapped() ? "+" : "",
          status.retrying(),
          status.dead(),
          status.oldestPendingAge().toMillis() / 1000.0);
      Map<String, StringBuilder> byOwner = new TreeMap<>();
      for (PartitionOwner partition : status.partitions()) {
        String owner =
            partition.owner() == null
                ? "(free)"
                : partition.owner() + (partition.live() ? "" : " (expired)");
        byOwner
            .computeIfAbsent(owner, o -> new StringBuilder())
            .append(byOwner.get(owner).length() == 0 ? "" : ",")
            .append(partition.partition());
      }
      out.println("partitions:");
      byOwner.forEach((owner, partitions) -> out.println("  " + owner + ": " + partitions));
      return 0;
    }
  }

  @Command(name = "dead", description = "List dead events, oldest first, with their last error.")
  static final class Dead implements Callable<Integer> {
    @Mixin DatabaseOptions database;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default 50)")
    int limit;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<DeadEvent> dead = withAdmin(database, admin -> admin.dead(limit));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            Json.write(
                dead.stream()
                    .map(
                        event ->
                            new DeadEvent(
                                event.position(),
                                event.eventId(),
                                event.aggregateType(),
                                event.aggregateId(),
                                event.eventType(),
                                event.topic(),
                                event.attempts(),
                                Redaction.redact(event.lastError()),
                                event.createdAt(),
                                event.deadAt()))
                    .toList()));
        return 0;
      }
      if (dead.isEmpty()) {
        out.println("no dead events");
        return 0;
      }
      for (DeadEvent event : dead) {
        out.printf(
            Locale.ROOT,
            "%s  %s  %s %s  topic %s  attempts %d  dead since %s%n    %s%n",
            event.eventId(),
            event.eventType(),
            event.aggregateType(),
            event.aggregateId(),
            event.topic(),
            event.attempts(),
            event.deadAt(),
            Redaction.redact(String.valueOf(event.lastError())));
      }
      return 0;
    }
  }

  /** Exactly one of an event id or {@code --all}. */
  static final class Target {
    @Parameters(paramLabel = "EVENT_ID", description = "The dead event to retry")
    String eventId;

    @Option(names = "--all", description = "Retry every dead event")
    boolean all;
  }

  @Command(
      name = "retry",
      description =
          "Send a dead event again (or all of them); its aggregate resumes once it succeeds.")
  static final class Retry implements Callable<Integer> {
    @Mixin DatabaseOptions database;

    @ArgGroup(multiplicity = "1")
    Target target;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (target.all) {
        int count = withAdmin(database, OutboxAdmin::retryAll);
        out.println(count == 0 ? "no dead events to retry" : "retrying " + count + " dead events");
        return 0;
      }
      UUID id = eventId(target.eventId);
      OutboxAdmin.Result result = withAdmin(database, admin -> admin.retry(id));
      return report(out, id, result, "will be sent again by the relay that owns its partition");
    }
  }

  @Command(
      name = "skip",
      description = "Mark an unpublished event as skipped: never sent; its aggregate goes on.")
  static final class Skip implements Callable<Integer> {
    @Mixin DatabaseOptions database;

    @Parameters(paramLabel = "EVENT_ID", description = "The event to skip")
    String eventId;

    @Option(names = "--reason", description = "Why, kept in the row")
    String reason;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      UUID id = eventId(eventId);
      OutboxAdmin.Result result = withAdmin(database, admin -> admin.skip(id, reason));
      return report(
          spec.commandLine().getOut(), id, result, "is skipped: consumers will never see it");
    }
  }

  static int report(PrintWriter out, UUID id, OutboxAdmin.Result result, String done) {
    return switch (result) {
      case DONE -> {
        out.println("event " + id + " " + done);
        yield 0;
      }
      case NOT_FOUND ->
          throw new CliException(
              "no event " + id + " in the outbox (it may have been published and purged)");
      case ALREADY_PUBLISHED ->
          throw new CliException("event " + id + " was already published or skipped");
      case NOT_FAILED ->
          throw new CliException(
              "event " + id + " is pending and has not failed; nothing to retry");
    };
  }
}

package io.eventline.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.core.Redaction;
import io.eventline.inbox.DeadLetter;
import io.eventline.inbox.Inbox;
import io.eventline.inbox.InboxAdmin;
import io.eventline.inbox.InboxSchema;
import io.eventline.jdbc.SchemaException;
import io.eventline.jdbc.SchemaMigrator;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventline inbox ...}: a consumer's dead letters, and replaying them. */
@Command(
    name = "inbox",
    description = "Inspect and replay a consumer's dead letters.",
    subcommands = {InboxCommand.Dead.class, InboxCommand.Replay.class})
final class InboxCommand {

  static <T> T withAdmin(DatabaseOptions database, Function<InboxAdmin, T> action) {
    try (HikariDataSource dataSource = database.open("inbox", 2)) {
      SchemaMigrator.create(dataSource, List.of(new InboxSchema())).requireCurrent("inbox");
      return action.apply(InboxAdmin.create(dataSource));
    } catch (SchemaException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  static String consumer(String name) {
    if (name == null) {
      return null;
    }
    try {
      return Inbox.requireConsumerName(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  @Command(name = "dead", description = "List dead letters, oldest first, with the reason.")
  static final class Dead implements Callable<Integer> {
    @Mixin DatabaseOptions database;

    @Option(names = "--consumer", description = "Only this consumer's")
    String consumer;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default 50)")
    int limit;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      String name = consumer(consumer);
      List<DeadLetter> dead =
          withAdmin(database, admin -> name == null ? admin.dead(limit) : admin.dead(name, limit));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(dead.stream().map(InboxCommand::summary).toList()));
        return 0;
      }
      if (dead.isEmpty()) {
        out.println("no dead letters");
        return 0;
      }
      for (DeadLetter letter : dead) {
        out.printf(
            Locale.ROOT,
            "%s  %s  %s  %s %s  %s  attempts %d  dead since %s%s%n    %s%n",
            letter.eventId() == null ? "(no event id)" : letter.eventId(),
            letter.consumer(),
            letter.kind(),
            letter.eventType(),
            letter.aggregateType() == null
                ? ""
                : letter.aggregateType() + " " + letter.aggregateId(),
            letter.source() == null ? "" : "from " + letter.source(),
            letter.attempts(),
            letter.deadAt(),
            letter.replayRequestedAt() == null ? "" : ", replay requested",
            Redaction.redact(String.valueOf(letter.error()).lines().findFirst().orElse("")));
      }
      return 0;
    }
  }

  static Map<String, Object> summary(DeadLetter letter) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("consumer", letter.consumer());
    out.put("kind", letter.kind());
    out.put("eventId", letter.eventId());
    out.put("eventType", letter.eventType());
    out.put("aggregateType", letter.aggregateType());
    out.put("aggregateId", letter.aggregateId());
    out.put("source", letter.source());
    out.put("attempts", letter.attempts());
    out.put("error", Redaction.redact(letter.error()));
    out.put("deadAt", letter.deadAt());
    out.put("replayRequestedAt", letter.replayRequestedAt());
    return out;
  }

  /** Exactly one of an event id or {@code --all}. */
  static final class Target {
    @Parameters(paramLabel = "EVENT_ID", description = "The dead event to replay")
    String eventId;

    @Option(names = "--all", description = "Replay every dead letter")
    boolean all;
  }

  @Command(
      name = "replay",
      description =
          "Ask the consumer to run a dead event again (it does so on its next round, exactly once).")
  static final class Replay implements Callable<Integer> {
    @Mixin DatabaseOptions database;

    @ArgGroup(multiplicity = "1")
    Target target;

    @Option(names = "--consumer", description = "Only for this consumer")
    String consumer;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      String name = consumer(consumer);
      if (target.all) {
        int count =
            withAdmin(database, admin -> name == null ? admin.replayAll() : admin.replayAll(name));
        out.println(
            count == 0
                ? "no dead letters to replay"
                : "replay requested for " + count + " dead letters");
        return 0;
      }
      UUID id = OutboxCommand.eventId(target.eventId);
      InboxAdmin.ReplayRequest result =
          withAdmin(database, admin -> name == null ? admin.replay(id) : admin.replay(name, id));
      return switch (result) {
        case REQUESTED -> {
          out.println("replay of " + id + " requested; the consumer runs it on its next round");
          yield 0;
        }
        case NOT_FOUND ->
            throw new CliException(
                "no dead letter for event " + id + (name == null ? "" : " of consumer " + name));
        case ALREADY_REPLAYED -> throw new CliException("event " + id + " was replayed already");
      };
    }
  }
}

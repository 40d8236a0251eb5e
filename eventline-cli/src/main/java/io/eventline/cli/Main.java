package io.eventline.cli;

import io.eventline.core.Redaction;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code eventline} command. Errors a user can fix print one line and exit non-zero; stack
 * traces only with {@code --verbose}.
 */
@Command(
    name = "eventline",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Reliable events: the outbox relay, schema migration and operator commands.",
    subcommands = {
      MigrateCommand.class,
      RelayCommand.class,
      OutboxCommand.class,
      InboxCommand.class,
      TimelineCommand.class,
      DemoCommand.class,
      DevKafkaCommand.class
    })
public final class Main {
  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of failures")
  boolean verbose;

  /** Exit code when the command failed for a reason it printed. */
  static final int FAILED = 1;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    CommandLine line = new CommandLine(main);
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (failure, commandLine, parseResult) -> {
          boolean verbose = parseResult.hasMatchedOption("--verbose") || main.verbose;
          String message =
              failure instanceof CliException
                  ? failure.getMessage()
                  : failure.getClass().getSimpleName() + ": " + failure.getMessage();
          err.println("eventline: " + Redaction.redact(message));
          if (verbose) {
            failure.printStackTrace(err);
          } else if (!(failure instanceof CliException)) {
            err.println("(run with --verbose for details)");
          }
          err.flush();
          return FAILED;
        });
    return line.execute(args);
  }
}

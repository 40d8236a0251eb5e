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
  static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
    rememberSecrets(args);
    PrintWriter out = new PrintWriter(new RedactingWriter(rawOut), true);
    PrintWriter err = new PrintWriter(new RedactingWriter(rawErr), true);
    try {
      return execute(args, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Remembers every secret the arguments carry, so that no output path can show it. */
  static void rememberSecrets(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      Redaction.rememberSecretsIn(arg);
      if (arg.equals("--db-password") && i + 1 < args.length) {
        Redaction.remember(args[i + 1]);
      }
      if (arg.startsWith("--db-password=")) {
        Redaction.remember(arg.substring("--db-password=".length()));
      }
      int equals = arg.indexOf('=');
      if (equals > 0 && Redaction.isSecretName(arg.substring(0, equals))) {
        Redaction.remember(arg.substring(equals + 1));
      }
    }
    Redaction.remember(System.getenv("EVENTLINE_DB_PASSWORD"));
  }

  private static int execute(String[] args, PrintWriter out, PrintWriter err) {
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
            java.io.StringWriter trace = new java.io.StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(Redaction.redact(trace.toString()));
          } else if (!(failure instanceof CliException)) {
            err.println("(run with --verbose for details)");
          }
          err.flush();
          return FAILED;
        });
    return line.execute(args);
  }
}

package io.eventline.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaException;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.jdbc.SchemaStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eventline migrate}: creates or upgrades every Eventline table; idempotent. */
@Command(
    name = "migrate",
    description =
        "Create or upgrade every Eventline table (outbox, inbox, event store) in the database."
            + " Safe to run again; refuses a schema newer than this version.")
final class MigrateCommand implements Callable<Integer> {
  @Mixin DatabaseOptions database;

  @Option(
      names = "--print-sql",
      description = "Print the DDL for this database instead of running it (for Flyway/Liquibase)")
  boolean printSql;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (HikariDataSource dataSource = database.open("migrate", 1)) {
      SchemaMigrator migrator = SchemaMigrator.create(dataSource);
      if (printSql) {
        spec.commandLine().getOut().print(migrator.script(dialect(dataSource)));
        return 0;
      }
      List<String> applied = migrator.migrate();
      var out = spec.commandLine().getOut();
      out.println(
          applied.isEmpty()
              ? "Eventline schema is up to date in " + database.safeUrl()
              : "applied " + String.join(", ", applied) + " to " + database.safeUrl());
      for (SchemaStatus status : migrator.status()) {
        out.println("  " + status.component() + ": version " + status.installed());
      }
      return 0;
    } catch (SchemaException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static Dialect dialect(HikariDataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return Dialect.detect(connection);
    } catch (SQLException e) {
      throw new CliException("cannot tell which database this is: " + e.getMessage(), e);
    }
  }
}

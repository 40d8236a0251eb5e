package io.eventline.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaMigrator;
import io.eventline.testkit.DatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code eventline.schema.mode=never} the tables come from the team's own migrations: an empty
 * database stops startup with the command to run, and a database set up from the exported script is
 * accepted as it is.
 */
class ExportedSchemaIntegrationTests {
  @RegisterExtension static final DatabaseExtension db = DatabaseExtension.postgresSchema();

  static final Map<String, Object> NEVER =
      Map.of("eventline.schema.mode", "never", "eventline.inbox.enabled", "false");

  @Test
  void emptyDatabaseStopsStartupAndTheExportedScriptIsAccepted() throws Exception {
    assertThatThrownBy(() -> TestContexts.start(db, NEVER).close())
        .hasStackTraceContaining("eventline migrate");

    String script = SchemaMigrator.create(db.dataSource()).script(Dialect.postgresql());
    try (Connection connection = db.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(script);
    }

    try (ConfigurableApplicationContext context = TestContexts.start(db, NEVER)) {
      assertThat(context.getBean(RelayLifecycle.class).isRunning()).isTrue();
      assertThat(context.getBean(SchemaMigrator.class).status())
          .allMatch(status -> status.isCurrent());
    }
  }
}

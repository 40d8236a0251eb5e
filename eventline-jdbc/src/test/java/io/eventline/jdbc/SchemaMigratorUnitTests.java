package io.eventline.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaMigratorUnitTests {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private JdbcDataSource dataSource;

  @BeforeEach
  void freshDatabase() {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:migrator" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void migratesFromNothingToLatestAndIsIdempotent() throws SQLException {
    SchemaMigrator migrator = SchemaMigrator.create(dataSource, List.of(new TestComponent(2)));

    assertThat(migrator.migrate()).containsExactly("jdbc-test V1", "jdbc-test V2");
    assertThat(migrator.migrate()).isEmpty();

    assertThat(migrator.status()).containsExactly(new SchemaStatus("jdbc-test", 2, 2));
    try (Connection connection = dataSource.getConnection();
        ResultSet row =
            connection.createStatement().executeQuery("SELECT colour FROM jdbc_test_widget")) {
      assertThat(row.next()).isFalse();
    }
  }

  @Test
  void upgradesOneVersionAtATime() {
    SchemaMigrator.create(dataSource, List.of(new TestComponent(1))).migrate();

    List<String> applied =
        SchemaMigrator.create(dataSource, List.of(new TestComponent(2))).migrate();

    assertThat(applied).containsExactly("jdbc-test V2");
  }

  @Test
  void refusesASchemaNewerThanTheCode() {
    SchemaMigrator.create(dataSource, List.of(new TestComponent(2))).migrate();
    SchemaMigrator older = SchemaMigrator.create(dataSource, List.of(new TestComponent(1)));

    assertThatThrownBy(older::migrate)
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("jdbc-test tables are at version 2, newer than this code knows (1)");
    assertThatThrownBy(() -> older.requireCurrent("jdbc-test"))
        .hasMessageContaining("newer than this code knows");
  }

  @Test
  void requireCurrentSaysWhatToRun() {
    SchemaMigrator migrator = SchemaMigrator.create(dataSource, List.of(new TestComponent(2)));

    assertThatThrownBy(() -> migrator.requireCurrent("jdbc-test"))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("at version 0 but this code needs version 2")
        .hasMessageContaining("eventline migrate");

    migrator.migrate();
    migrator.requireCurrent("jdbc-test");
  }

  @Test
  void exportsTheDdlForOtherMigrationTools() {
    String script =
        SchemaMigrator.create(dataSource, List.of(new TestComponent(2)))
            .script(Dialect.postgresql());

    assertThat(script)
        .contains("-- eventline jdbc-test V1 (postgresql)")
        .contains("CREATE TABLE IF NOT EXISTS jdbc_test_widget")
        .contains("-- eventline jdbc-test V2 (postgresql)")
        .contains("CREATE TABLE IF NOT EXISTS eventline_schema_version")
        .contains("VALUES ('jdbc-test', 1);")
        .contains("VALUES ('jdbc-test', 2);");
  }

  @Test
  void failedMigrationRollsBackAndNamesTheVersion() {
    SchemaComponent broken =
        new SchemaComponent() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public int latestVersion() {
            return 1;
          }

          @Override
          public String resourceBase() {
            return "none";
          }

          @Override
          public String migration(Dialect dialect, int version) {
            return "CREATE TABLE half_done (id INT); CREATE TABLE nonsense (";
          }
        };

    assertThatThrownBy(() -> SchemaMigrator.create(dataSource, List.of(broken)).migrate())
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("applying broken V1 failed");
    assertThat(SchemaMigrator.create(dataSource, List.of(broken)).status())
        .containsExactly(new SchemaStatus("broken", 0, 1));
  }
}

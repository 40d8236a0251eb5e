package io.eventline.eventstore;

import io.eventline.jdbc.Dialect;
import io.eventline.jdbc.SchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** What {@link EventStore.Builder#build()} checks before handing out a store. */
final class StartupCheck {
  private static final String COUNTERS =
      "SELECT greatest("
          + " (SELECT transaction_id::text::bigint FROM eventline_events"
          + "   ORDER BY transaction_id DESC LIMIT 1),"
          + " (SELECT max(checkpoint_transaction_id::text::bigint) FROM eventline_subscriptions)),"
          + " pg_snapshot_xmax(pg_current_snapshot())::text::bigint";

  private StartupCheck() {}

  static void run(DataSource dataSource, boolean migrate) {
    SchemaMigrator migrator = SchemaMigrator.create(dataSource, List.of(new EventStoreSchema()));
    try (Connection connection = dataSource.getConnection()) {
      if (Dialect.detect(connection).kind() != Dialect.Kind.POSTGRESQL) {
        throw new EventStoreException(
            "the Eventline event store runs on PostgreSQL 13 or newer only, not on "
                + connection.getMetaData().getDatabaseProductName());
      }
    } catch (SQLException e) {
      throw new EventStoreException(
          "cannot connect to check the event store: " + e.getMessage(), e);
    }
    if (migrate) {
      migrator.migrate();
    }
    migrator.requireCurrent(EventStoreSchema.NAME);
    refuseRestored(dataSource);
  }

  static void refuseRestored(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(COUNTERS)) {
      row.next();
      long stored = row.getLong(1);
      long next = row.getLong(2);
      if (stored >= next) {
        throw new RestoredDatabaseException(stored, next);
      }
    } catch (SQLException e) {
      throw new EventStoreException(
          "cannot compare the stored transaction ids with the server's counter: " + e.getMessage(),
          e);
    }
  }
}

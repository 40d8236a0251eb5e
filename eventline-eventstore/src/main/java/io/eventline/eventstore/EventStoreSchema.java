package io.eventline.eventstore;

import io.eventline.jdbc.SchemaComponent;

/**
 * The event store's tables ({@code eventline_streams}, {@code eventline_events}, {@code
 * eventline_snapshots}, {@code eventline_subscriptions}) and its append function, registered with
 * {@link io.eventline.jdbc.SchemaMigrator} under the name {@value #NAME}. PostgreSQL only.
 */
public final class EventStoreSchema implements SchemaComponent {
  /** The component name in {@code eventline_schema_version}. */
  public static final String NAME = "eventstore";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int latestVersion() {
    return 1;
  }

  /** PostgreSQL only: the other databases get no event store tables. */
  @Override
  public boolean supports(io.eventline.jdbc.Dialect dialect) {
    return dialect.kind() == io.eventline.jdbc.Dialect.Kind.POSTGRESQL;
  }

  @Override
  public String resourceBase() {
    return "io/eventline/eventstore/schema";
  }
}

package io.eventline.outbox;

import io.eventline.jdbc.SchemaComponent;

/** The outbox tables: {@code eventline_outbox}, its lease table and the relay instance table. */
public final class OutboxSchema implements SchemaComponent {
  /** The component name in {@code eventline_schema_version}. */
  public static final String NAME = "outbox";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int latestVersion() {
    return 3;
  }

  @Override
  public String resourceBase() {
    return "io/eventline/outbox/schema";
  }
}

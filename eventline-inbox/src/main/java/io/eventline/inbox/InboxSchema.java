package io.eventline.inbox;

import io.eventline.jdbc.SchemaComponent;

/**
 * The inbox tables: {@code eventline_inbox} (the marks), {@code eventline_inbox_aggregate} (the
 * ordering guard) and {@code eventline_dead_letter}.
 */
public final class InboxSchema implements SchemaComponent {
  /** The component name in {@code eventline_schema_version}. */
  public static final String NAME = "inbox";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int latestVersion() {
    return 1;
  }

  @Override
  public String resourceBase() {
    return "io/eventline/inbox/schema";
  }
}

package io.eventline.jdbc;

/** A schema component for tests, at a chosen version. */
record TestComponent(int latestVersion) implements SchemaComponent {
  @Override
  public String name() {
    return "jdbc-test";
  }

  @Override
  public String resourceBase() {
    return "io/eventline/jdbc/testschema";
  }
}

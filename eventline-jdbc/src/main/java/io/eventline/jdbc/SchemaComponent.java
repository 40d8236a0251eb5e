package io.eventline.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A set of Eventline tables with a version (the outbox, the inbox, the event store). Each module
 * ships its DDL as versioned resources, {@code <resourceBase>/<dialect>/V<n>.sql}, and registers
 * its component through {@link java.util.ServiceLoader}, so {@link SchemaMigrator} and {@code
 * eventline migrate} find every component on the class path.
 */
public interface SchemaComponent {

  /** A short name, such as {@code outbox}; the key in {@code eventline_schema_version}. */
  String name();

  /** The newest version this code knows; migrations 1 to this one exist for each dialect. */
  int latestVersion();

  /** The resource folder of this component's DDL, such as {@code io/eventline/outbox/schema}. */
  String resourceBase();

  /**
   * Whether this component has tables for {@code dialect}. Migration and {@link
   * SchemaMigrator#script} pass over a component that does not (the event store is PostgreSQL
   * only), so that having its module on the class path does not break another database's setup.
   */
  default boolean supports(Dialect dialect) {
    return true;
  }

  /** The DDL that takes the component from {@code version - 1} to {@code version}. */
  default String migration(Dialect dialect, int version) {
    String path = resourceBase() + "/" + dialect.resourceName() + "/V" + version + ".sql";
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema resource " + path + " is missing for component " + name());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + path, e);
    }
  }
}

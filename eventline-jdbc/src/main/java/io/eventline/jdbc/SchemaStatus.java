package io.eventline.jdbc;

/**
 * One component's schema state.
 *
 * @param component the component name, such as {@code outbox}
 * @param installed the version in the database, 0 when absent
 * @param latest the newest version this code knows
 */
public record SchemaStatus(String component, int installed, int latest) {
  public boolean isCurrent() {
    return installed == latest;
  }

  public boolean isNewerThanCode() {
    return installed > latest;
  }
}

package io.eventline.spring;

import io.eventline.jdbc.SchemaMigrator;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.ClassUtils;

/**
 * Creates or upgrades the Eventline tables at startup, before the outbox, the relay and the inbox
 * are used, as {@code eventline.schema.mode} says: on embedded databases only (the default, like
 * {@code spring.sql.init.mode}), always, or never.
 */
final class SchemaInitializer implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(SchemaInitializer.class);
  private static final String EMBEDDED_CHECK =
      "org.springframework.boot.jdbc.EmbeddedDatabaseConnection";

  private final DataSource dataSource;
  private final SchemaMigrator migrator;
  private final EventlineProperties.SchemaMode mode;

  SchemaInitializer(
      DataSource dataSource, SchemaMigrator migrator, EventlineProperties.SchemaMode mode) {
    this.dataSource = dataSource;
    this.migrator = migrator;
    this.mode = mode;
  }

  @Override
  public void afterPropertiesSet() {
    boolean migrate =
        switch (mode) {
          case ALWAYS -> true;
          case NEVER -> false;
          case EMBEDDED -> isEmbedded();
        };
    if (!migrate) {
      log.debug("Eventline schema left as it is (eventline.schema.mode={})", mode);
      return;
    }
    List<String> applied = migrator.migrate();
    if (!applied.isEmpty()) {
      log.info("Eventline schema: applied {}", String.join(", ", applied));
    }
  }

  private boolean isEmbedded() {
    ClassLoader loader = getClass().getClassLoader();
    return ClassUtils.isPresent(EMBEDDED_CHECK, loader)
        && org.springframework.boot.jdbc.EmbeddedDatabaseConnection.isEmbedded(dataSource);
  }
}

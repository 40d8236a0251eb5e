package io.eventline.testkit;

import io.eventline.jdbc.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** In-memory H2 databases, one per fixture, gone when closed. */
final class H2Databases {
  private H2Databases() {}

  static TestDatabase create(String hint) {
    String name = Names.fresh(hint);
    String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    return new TestDatabase(
        name,
        url,
        "sa",
        "",
        Dialect.h2(),
        () -> {
          try (Connection connection = DriverManager.getConnection(url, "sa", "");
              Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
          }
        });
  }
}

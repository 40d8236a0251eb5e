package io.eventline.bench.workload;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The business write of every transaction: one row in {@code orders}. */
public final class Business {
  public static final String DDL =
      "CREATE TABLE orders (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " aggregate_id TEXT NOT NULL, seq BIGINT NOT NULL, amount NUMERIC(12, 2) NOT NULL,"
          + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())";
  public static final String INSERT =
      "INSERT INTO orders (aggregate_id, seq, amount) VALUES (?, ?, ?)";

  private Business() {}

  public static void insertOrder(Connection connection, long seq, String aggregateId)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, aggregateId);
      insert.setLong(2, seq);
      insert.setBigDecimal(3, BigDecimal.valueOf(seq % 10_000, 2));
      insert.executeUpdate();
    }
  }
}

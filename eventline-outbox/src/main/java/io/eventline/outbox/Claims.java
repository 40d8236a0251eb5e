package io.eventline.outbox;

import io.eventline.core.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads claimable rows and turns them into records. */
final class Claims {
  private final OutboxSql sql;

  Claims(OutboxSql sql) {
    this.sql = sql;
  }

  /** Up to {@code limit} claimable rows of {@code partitions}, each partition in position order. */
  List<ClaimedRow> claim(Connection connection, List<Integer> partitions, int limit)
      throws SQLException {
    List<ClaimedRow> rows = new ArrayList<>();
    if (sql.claimsAllPartitionsAtOnce()) {
      try (PreparedStatement claim = connection.prepareStatement(sql.claim())) {
        claim.setArray(1, connection.createArrayOf("int4", partitions.toArray()));
        claim.setInt(2, limit);
        claim.setInt(3, limit);
        read(claim, rows);
      }
      return rows;
    }
    try (PreparedStatement claim = connection.prepareStatement(sql.claimOnePartition())) {
      for (Integer partition : partitions) {
        if (rows.size() >= limit) {
          break;
        }
        claim.setInt(1, partition);
        claim.setInt(2, limit - rows.size());
        read(claim, rows);
      }
    }
    return rows;
  }

  private void read(PreparedStatement claim, List<ClaimedRow> rows) throws SQLException {
    try (ResultSet result = claim.executeQuery()) {
      while (result.next()) {
        rows.add(map(result));
      }
    }
  }

  private ClaimedRow map(ResultSet row) throws SQLException {
    long position = row.getLong(1);
    int partition = row.getInt(12);
    int attempts = row.getInt(11);
    String aggregateType = row.getString(3);
    String aggregateId = row.getString(4);
    String key = aggregateType + '\u0000' + aggregateId;
    try {
      UUID eventId = sql.readUuid(row, 2);
      long version = row.getLong(5);
      Long aggregateVersion = row.wasNull() ? null : version;
      String topic = row.getString(7);
      String payload = row.getString(8);
      if (!sql.payloadIsCheckedJson()) {
        JsonCheck.require(payload);
      }
      Map<String, String> headers = Headers.fromJson(row.getString(9));
      String correlationId = headers.remove(Headers.CORRELATION_ID);
      String causationId = headers.remove(Headers.CAUSATION_ID);
      String traceparent = headers.remove(Headers.TRACEPARENT);
      EventEnvelope<byte[]> event =
          new EventEnvelope<>(
              eventId,
              row.getString(6),
              aggregateType,
              aggregateId,
              aggregateVersion,
              sql.readInstant(row, 10),
              payload == null ? null : payload.getBytes(StandardCharsets.UTF_8),
              correlationId,
              causationId,
              traceparent,
              headers);
      return new ClaimedRow(
          position,
          partition,
          attempts,
          key,
          new OutboxRecord(position, partition, topic, attempts, event),
          null);
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      return new ClaimedRow(
          position,
          partition,
          attempts,
          key,
          null,
          "the row is not a valid event: " + e.getMessage());
    }
  }
}

package io.eventline.bench.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventline.core.IdGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The floor: plain INSERTs into a minimal event table (global position, unique stream version), one
 * statement per commit; the feed read by position (the kind of reader that skips late commits).
 */
final class RawJdbcContender implements Contender {
  static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;
  private final IdGenerator ids = IdGenerator.uuidV7();

  RawJdbcContender(DataSource dataSource) throws Exception {
    this.dataSource = dataSource;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE raw_events (global_position bigserial PRIMARY KEY,"
              + " stream_id text NOT NULL, stream_version bigint NOT NULL, event_id uuid NOT NULL,"
              + " event_type text NOT NULL, occurred_at timestamptz NOT NULL DEFAULT now(),"
              + " payload bytea NOT NULL, UNIQUE (stream_id, stream_version))");
    }
  }

  @Override
  public String name() {
    return "raw JDBC";
  }

  @Override
  public void appendOne(String stream, long version, Moved payload) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, payload)"
                    + " VALUES (?, ?, ?, 'bench.moved', ?)")) {
      insert.setString(1, stream);
      insert.setLong(2, version);
      insert.setObject(3, ids.newId());
      insert.setBytes(4, JSON.writeValueAsBytes(payload));
      insert.executeUpdate();
    }
  }

  @Override
  public void appendBatch(String stream, long firstVersion, List<Moved> payloads) throws Exception {
    int n = payloads.size();
    Long[] versions = new Long[n];
    String[] eventIds = new String[n];
    byte[][] bytes = new byte[n][];
    for (int i = 0; i < n; i++) {
      versions[i] = firstVersion + i;
      eventIds[i] = ids.newId().toString();
      bytes[i] = JSON.writeValueAsBytes(payloads.get(i));
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, payload)"
                    + " SELECT ?, v, id::uuid, 'bench.moved', p FROM unnest(?, ?, ?) AS u(v, id, p)")) {
      insert.setString(1, stream);
      insert.setArray(2, c.createArrayOf("int8", versions));
      insert.setArray(3, c.createArrayOf("text", eventIds));
      insert.setArray(4, c.createArrayOf("bytea", bytes));
      insert.executeUpdate();
    }
  }

  @Override
  public long readFeed() throws Exception {
    long read = 0;
    long after = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement page =
            c.prepareStatement(
                "SELECT global_position, stream_id, stream_version, event_id, payload"
                    + " FROM raw_events WHERE global_position > ? ORDER BY global_position"
                    + " LIMIT 1000")) {
      while (true) {
        page.setLong(1, after);
        int rows = 0;
        try (ResultSet r = page.executeQuery()) {
          while (r.next()) {
            after = r.getLong(1);
            Contender.sink(JSON.readValue(r.getBytes(5), Moved.class).amount());
            rows++;
          }
        }
        read += rows;
        if (rows < 1000) {
          return read;
        }
      }
    }
  }

  @Override
  public long replay(String stream) throws Exception {
    long read = 0;
    long sum = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT payload FROM raw_events WHERE stream_id = ? ORDER BY stream_version")) {
      query.setString(1, stream);
      query.setFetchSize(1000);
      c.setAutoCommit(false);
      try (ResultSet r = query.executeQuery()) {
        while (r.next()) {
          sum += JSON.readValue(r.getBytes(1), Moved.class).amount();
          read++;
        }
      } finally {
        c.commit();
        c.setAutoCommit(true);
      }
    }
    Contender.sink(sum);
    return read;
  }
}

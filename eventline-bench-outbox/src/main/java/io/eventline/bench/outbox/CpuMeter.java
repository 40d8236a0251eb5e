package io.eventline.bench.outbox;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent by each party of a run, read from {@code /proc}: the runner JVM (the system under
 * test), the PostgreSQL backends connected to the run's database, and this JVM (the broker; the
 * driver itself only polls end offsets meanwhile). Unlike a rate, CPU time per event hardly moves
 * when other jobs load the machine.
 */
final class CpuMeter {
  record Sample(long runnerMillis, long databaseMillis, long brokerMillis) {
    Sample minus(Sample earlier) {
      return new Sample(
          runnerMillis - earlier.runnerMillis,
          databaseMillis - earlier.databaseMillis,
          brokerMillis - earlier.brokerMillis);
    }
  }

  private static final long TICK_MILLIS = 10; // USER_HZ = 100 on Linux
  private final long runnerPid;
  private final String jdbcUrl;
  private final String database;
  private final Map<Long, Long> backendsAtStart = new HashMap<>();

  CpuMeter(long runnerPid, String jdbcUrl, String database) {
    this.runnerPid = runnerPid;
    this.jdbcUrl = jdbcUrl;
    this.database = database;
  }

  /** The starting point: CPU time from here on is counted. */
  Sample begin() {
    backendsAtStart.clear();
    return sample(true);
  }

  Sample sample() {
    return sample(false);
  }

  private Sample sample(boolean baseline) {
    long databaseMillis = 0;
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement backends =
            connection.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
      backends.setString(1, database);
      try (ResultSet rows = backends.executeQuery()) {
        while (rows.next()) {
          long pid = rows.getLong(1);
          long cpu = processMillis(pid);
          if (baseline) {
            backendsAtStart.put(pid, cpu);
          }
          databaseMillis += cpu - backendsAtStart.getOrDefault(pid, 0L);
        }
      }
    } catch (SQLException e) {
      databaseMillis = -1;
    }
    long broker =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1_000_000;
    return new Sample(processMillis(runnerPid), baseline ? 0 : databaseMillis, broker);
  }

  private static long processMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MILLIS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}

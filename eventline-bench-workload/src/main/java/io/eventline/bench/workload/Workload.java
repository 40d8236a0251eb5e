package io.eventline.bench.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the driver asks a runner to do, as {@code --key=value} arguments: the mode ({@code backlog}
 * or {@code steady}), the database and broker to use, the topic, and the workload's size and rate.
 * Every runner reads the same arguments, so every system gets the same workload.
 */
public record Workload(Map<String, String> options) {

  public static Workload parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --key=value but got '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return new Workload(Map.copyOf(options));
  }

  public String get(String key) {
    String value = options.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing argument --" + key + "=...");
    }
    return value;
  }

  public String get(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  public int getInt(String key, int fallback) {
    String value = options.get(key);
    return value == null ? fallback : Integer.parseInt(value);
  }

  public String mode() {
    return get("mode");
  }

  public String jdbcUrl() {
    return get("jdbc");
  }

  public String bootstrap() {
    return get("bootstrap");
  }

  public String topic() {
    return get("topic");
  }

  /** Events to pre-write for a backlog run. */
  public int events() {
    return getInt("events", 50_000);
  }

  /** Distinct aggregate ids; event {@code seq} belongs to aggregate {@code seq % aggregates}. */
  public int aggregates() {
    return getInt("aggregates", 1_000);
  }

  /** Events per second over all writer threads, in a steady run. */
  public int rate() {
    return getInt("rate", 500);
  }

  public int seconds() {
    return getInt("seconds", 30);
  }

  public int writers() {
    return getInt("writers", 4);
  }
}

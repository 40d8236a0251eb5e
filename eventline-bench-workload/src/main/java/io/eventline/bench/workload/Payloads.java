package io.eventline.bench.workload;

import java.time.Instant;

/**
 * The event every system publishes: about 500 bytes of JSON with the sequence number {@code seq},
 * the writer's timestamp {@code ts} in epoch microseconds (taken in the transaction just before it
 * commits), the aggregate id, and padding. The record key is the aggregate id.
 */
public final class Payloads {
  public static final int PAD_LENGTH = 420;
  public static final String PAD = "x".repeat(PAD_LENGTH);
  public static final String AGGREGATE_TYPE = "order";
  public static final String EVENT_TYPE = "order.placed";

  private Payloads() {}

  public static String aggregateId(long seq, int aggregates) {
    return "order-" + (seq % aggregates);
  }

  /** The event as JSON text. */
  public static String json(long seq, long tsMicros, String aggregateId) {
    return "{\"seq\":"
        + seq
        + ",\"ts\":"
        + tsMicros
        + ",\"orderId\":\""
        + aggregateId
        + "\",\"pad\":\""
        + PAD
        + "\"}";
  }

  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * Reads the number after {@code "name":} in JSON text, whatever the key order and spacing (a
   * {@code jsonb} column reorders keys and adds spaces); -1 when absent.
   */
  public static long field(String json, String name) {
    String quoted = "\"" + name + "\"";
    int at = json.indexOf(quoted);
    if (at < 0) {
      return -1;
    }
    int i = at + quoted.length();
    while (i < json.length() && (json.charAt(i) == ':' || json.charAt(i) == ' ')) {
      i++;
    }
    long value = 0;
    int start = i;
    while (i < json.length() && Character.isDigit(json.charAt(i))) {
      value = value * 10 + (json.charAt(i) - '0');
      i++;
    }
    return i == start ? -1 : value;
  }
}

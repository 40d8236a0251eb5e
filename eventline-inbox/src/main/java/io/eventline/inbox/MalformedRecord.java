package io.eventline.inbox;

import java.util.Map;
import java.util.Objects;

/**
 * A delivery that could not be read as an event (a missing or invalid id, broken headers), kept in
 * the dead letters as it arrived, with the reason.
 *
 * @param source where it came from, such as {@code kafka:orders/3@1234}; unique per consumer, so a
 *     redelivery of the same record is recorded once; may be {@code null}
 * @param key the record key, or {@code null}
 * @param value the record value, or {@code null}
 * @param headers the record headers as text; never null
 * @param reason why it could not be read
 */
public record MalformedRecord(
    String source, byte[] key, byte[] value, Map<String, String> headers, String reason) {

  public MalformedRecord {
    Objects.requireNonNull(reason, "MalformedRecord.reason may not be null");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}

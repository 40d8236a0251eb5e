package io.eventline.kafka;

import io.eventline.core.EventEnvelope;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Strict decoding of untrusted records: every header is checked for presence, uniqueness, size and
 * form before an envelope is built, and every problem becomes an {@link InvalidCloudEventException}
 * with the reason, never another exception.
 */
final class CloudEventsDecoder {
  static final int MAX_HEADER_BYTES = 8 * 1024;
  static final int MAX_HEADERS = 64;
  private static final Set<String> RESERVED =
      Set.of(
          CloudEventsKafka.SPEC_VERSION,
          CloudEventsKafka.ID,
          CloudEventsKafka.TYPE,
          CloudEventsKafka.SOURCE,
          CloudEventsKafka.TIME,
          CloudEventsKafka.SUBJECT,
          CloudEventsKafka.CONTENT_TYPE,
          CloudEventsKafka.CORRELATION_ID,
          CloudEventsKafka.CAUSATION_ID,
          CloudEventsKafka.AGGREGATE_TYPE,
          CloudEventsKafka.AGGREGATE_VERSION,
          CloudEventsKafka.TRACEPARENT);

  private CloudEventsDecoder() {}

  static boolean isReserved(String name) {
    return RESERVED.contains(name) || name.startsWith("ce_");
  }

  static EventEnvelope<byte[]> decode(ConsumerRecord<byte[], byte[]> record) {
    try {
      return read(record);
    } catch (InvalidCloudEventException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidCloudEventException("the record could not be decoded: " + e);
    }
  }

  private static EventEnvelope<byte[]> read(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> attributes = new HashMap<>();
    Map<String, String> free = new LinkedHashMap<>();
    int count = 0;
    for (Header header : record.headers()) {
      if (++count > MAX_HEADERS) {
        throw invalid("it has more than " + MAX_HEADERS + " headers");
      }
      String name = header.key();
      byte[] raw = header.value();
      if (name == null) {
        throw invalid("a header has no name");
      }
      if (raw != null && raw.length > MAX_HEADER_BYTES) {
        throw invalid(
            "header " + printable(name) + " is larger than " + MAX_HEADER_BYTES + " bytes");
      }
      String value = raw == null ? null : utf8(name, raw);
      Map<String, String> target = isReserved(name) ? attributes : free;
      if (target.containsKey(name)) {
        throw invalid("header " + printable(name) + " appears more than once");
      }
      target.put(name, value);
    }
    if (!"1.0".equals(attributes.get(CloudEventsKafka.SPEC_VERSION))) {
      throw invalid(
          "ce_specversion is "
              + printable(attributes.get(CloudEventsKafka.SPEC_VERSION))
              + ", expected 1.0");
    }
    UUID id = uuid(required(attributes, CloudEventsKafka.ID));
    String type = required(attributes, CloudEventsKafka.TYPE);
    String subject = attributes.get(CloudEventsKafka.SUBJECT);
    if (subject == null && record.key() != null) {
      subject = utf8("key", record.key());
    }
    if (subject == null || subject.isBlank()) {
      throw invalid("it has neither ce_subject nor a key to tell its aggregate");
    }
    String aggregateType = attributes.getOrDefault(CloudEventsKafka.AGGREGATE_TYPE, record.topic());
    if (record.value() == null) {
      throw invalid("it has no value (a tombstone is not an event)");
    }
    return new EventEnvelope<>(
        id,
        type,
        aggregateType,
        subject,
        version(attributes.get(CloudEventsKafka.AGGREGATE_VERSION)),
        time(attributes.get(CloudEventsKafka.TIME), record.timestamp()),
        record.value(),
        attributes.get(CloudEventsKafka.CORRELATION_ID),
        attributes.get(CloudEventsKafka.CAUSATION_ID),
        attributes.get(CloudEventsKafka.TRACEPARENT),
        free);
  }

  private static String required(Map<String, String> attributes, String name) {
    String value = attributes.get(name);
    if (value == null || value.isBlank()) {
      throw invalid("the required header " + name + " is missing");
    }
    return value;
  }

  private static UUID uuid(String value) {
    try {
      UUID id = UUID.fromString(value);
      if (!id.toString().equalsIgnoreCase(value)) {
        throw new IllegalArgumentException("not canonical");
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw invalid("ce_id " + printable(value) + " is not a UUID");
    }
  }

  private static Long version(String value) {
    if (value == null) {
      return null;
    }
    try {
      long version = Long.parseLong(value);
      if (version < 0) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw invalid("ce_aggregateversion " + printable(value) + " is not a non-negative number");
    }
  }

  private static Instant time(String value, long recordTimestamp) {
    if (value == null) {
      return Instant.ofEpochMilli(Math.max(0, recordTimestamp));
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid("ce_time " + printable(value) + " is not an RFC 3339 time");
    }
  }

  private static String utf8(String name, byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("header " + printable(name) + " is not valid UTF-8");
    }
  }

  static String printable(String value) {
    if (value == null) {
      return "(absent)";
    }
    String clipped = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return "'" + clipped.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private static InvalidCloudEventException invalid(String reason) {
    return new InvalidCloudEventException("not a valid Eventline CloudEvent: " + reason);
  }
}

package io.eventline.transport;

import io.eventline.core.EventEnvelope;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The CloudEvents attributes of an Eventline event, by their CloudEvents names ({@code id}, {@code
 * type}, ...), for transports whose binding carries them as named properties or headers: each
 * transport maps a name to its wire form (RabbitMQ {@code cloudEvents_id}, NATS {@code ce-id}, SQS
 * {@code ce-id}). Eventline's own attributes are extensions: {@code correlationid}, {@code
 * causationid}, {@code aggregatetype}, {@code aggregateversion}, and {@code traceparent} from the
 * distributed-tracing extension.
 *
 * <p>{@link #toEvent} is strict: it reads untrusted messages and refuses, with a reason naming the
 * attribute as it is on the wire, anything that is not a well-formed Eventline event.
 */
public final class CloudEventAttributes {
  public static final String SPEC_VERSION = "specversion";
  public static final String ID = "id";
  public static final String TYPE = "type";
  public static final String SOURCE = "source";
  public static final String TIME = "time";
  public static final String SUBJECT = "subject";
  public static final String DATA_CONTENT_TYPE = "datacontenttype";
  public static final String CORRELATION_ID = "correlationid";
  public static final String CAUSATION_ID = "causationid";
  public static final String AGGREGATE_TYPE = "aggregatetype";
  public static final String AGGREGATE_VERSION = "aggregateversion";
  public static final String TRACEPARENT = "traceparent";

  /** Every attribute Eventline writes, in the order it writes them. */
  public static final List<String> ALL =
      List.of(
          SPEC_VERSION,
          ID,
          TYPE,
          SOURCE,
          TIME,
          SUBJECT,
          DATA_CONTENT_TYPE,
          CORRELATION_ID,
          CAUSATION_ID,
          AGGREGATE_TYPE,
          AGGREGATE_VERSION,
          TRACEPARENT);

  /** The largest attribute value accepted when decoding, in characters. */
  public static final int MAX_VALUE_CHARS = 8 * 1024;

  private CloudEventAttributes() {}

  /** The attributes of {@code event} that have a value, in {@link #ALL} order. */
  public static Map<String, String> of(
      EventEnvelope<byte[]> event, String source, String contentType) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(SPEC_VERSION, "1.0");
    attributes.put(ID, event.eventId().toString());
    attributes.put(TYPE, event.eventType());
    attributes.put(SOURCE, source);
    attributes.put(TIME, event.occurredAt().toString());
    attributes.put(SUBJECT, event.aggregateId());
    attributes.put(DATA_CONTENT_TYPE, contentType);
    attributes.put(CORRELATION_ID, event.correlationId());
    putIfPresent(attributes, CAUSATION_ID, event.causationId());
    attributes.put(AGGREGATE_TYPE, event.aggregateType());
    if (event.aggregateVersion() != null) {
      attributes.put(AGGREGATE_VERSION, Long.toString(event.aggregateVersion()));
    }
    putIfPresent(attributes, TRACEPARENT, event.traceparent());
    return attributes;
  }

  /**
   * Builds the event from attributes read off a message.
   *
   * @param attributes by CloudEvents name; absent attributes are absent keys
   * @param free the message's other headers, passed on as the envelope's headers
   * @param data the message body, the payload
   * @param wire the wire name of an attribute, for the reasons
   * @param defaultAggregateType used when {@code aggregatetype} is absent (the topic), or null
   * @throws InvalidEventException naming what is missing, oversized or malformed
   */
  public static EventEnvelope<byte[]> toEvent(
      Map<String, String> attributes,
      Map<String, String> free,
      byte[] data,
      UnaryOperator<String> wire,
      String defaultAggregateType) {
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      if (attribute.getValue() != null && attribute.getValue().length() > MAX_VALUE_CHARS) {
        throw invalid(wire.apply(attribute.getKey()) + " is longer than " + MAX_VALUE_CHARS);
      }
    }
    String specVersion = attributes.get(SPEC_VERSION);
    if (!"1.0".equals(specVersion)) {
      throw invalid(wire.apply(SPEC_VERSION) + " is " + printable(specVersion) + ", expected 1.0");
    }
    UUID id = uuid(required(attributes, ID, wire), wire);
    String type = required(attributes, TYPE, wire);
    String subject = required(attributes, SUBJECT, wire);
    String aggregateType = attributes.getOrDefault(AGGREGATE_TYPE, defaultAggregateType);
    if (aggregateType == null || aggregateType.isBlank()) {
      throw invalid("the required attribute " + wire.apply(AGGREGATE_TYPE) + " is missing");
    }
    if (data == null) {
      throw invalid("it has no body");
    }
    return new EventEnvelope<>(
        id,
        type,
        aggregateType,
        subject,
        version(attributes.get(AGGREGATE_VERSION), wire),
        time(required(attributes, TIME, wire), wire),
        data,
        attributes.get(CORRELATION_ID),
        attributes.get(CAUSATION_ID),
        attributes.get(TRACEPARENT),
        free);
  }

  private static String required(
      Map<String, String> attributes, String name, UnaryOperator<String> wire) {
    String value = attributes.get(name);
    if (value == null || value.isBlank()) {
      throw invalid("the required attribute " + wire.apply(name) + " is missing");
    }
    return value;
  }

  private static UUID uuid(String value, UnaryOperator<String> wire) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equalsIgnoreCase(value)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw invalid(wire.apply(ID) + " " + printable(value) + " is not a UUID");
  }

  private static Long version(String value, UnaryOperator<String> wire) {
    if (value == null) {
      return null;
    }
    try {
      long version = Long.parseLong(value);
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(
        wire.apply(AGGREGATE_VERSION) + " " + printable(value) + " is not a non-negative number");
  }

  private static Instant time(String value, UnaryOperator<String> wire) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(wire.apply(TIME) + " " + printable(value) + " is not an RFC 3339 time");
    }
  }

  private static void putIfPresent(Map<String, String> attributes, String name, String value) {
    if (value != null) {
      attributes.put(name, value);
    }
  }

  /** {@code value} quoted, clipped to 60 characters, control characters replaced. */
  public static String printable(String value) {
    if (value == null) {
      return "(absent)";
    }
    String clipped = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return "'" + clipped.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private static InvalidEventException invalid(String reason) {
    return new InvalidEventException("not a valid Eventline CloudEvent: " + reason);
  }
}

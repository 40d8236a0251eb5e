package io.eventline.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventline.core.EventEnvelope;
import io.eventline.transport.CloudEventAttributes;
import io.eventline.transport.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The envelope as an SQS message. CloudEvents has no SQS binding, and SQS allows at most 10 message
 * attributes, so Eventline writes nine CloudEvents attributes as String message attributes named
 * {@code ce-<attribute>} ({@code specversion, id, type, source, time, subject, correlationid,
 * aggregatetype, aggregateversion}) and the rest ({@code datacontenttype}, {@code causationid},
 * {@code traceparent} and the free headers under {@code headers}) as one JSON object in the
 * attribute {@code eventline-attributes}. The body is the payload (JSON text).
 */
final class SqsCloudEvents {
  static final String PREFIX = "ce-";
  static final String PACKED = "eventline-attributes";
  static final List<String> DIRECT =
      List.of(
          CloudEventAttributes.SPEC_VERSION,
          CloudEventAttributes.ID,
          CloudEventAttributes.TYPE,
          CloudEventAttributes.SOURCE,
          CloudEventAttributes.TIME,
          CloudEventAttributes.SUBJECT,
          CloudEventAttributes.CORRELATION_ID,
          CloudEventAttributes.AGGREGATE_TYPE,
          CloudEventAttributes.AGGREGATE_VERSION);
  private static final ObjectMapper JSON = new ObjectMapper();

  private SqsCloudEvents() {}

  /** The wire name of an attribute; packed ones are keys of {@value #PACKED}. */
  static String wireName(String attribute) {
    return PREFIX + attribute;
  }

  static Map<String, MessageAttributeValue> attributes(EventEnvelope<byte[]> event, String source) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    ObjectNode packed = JSON.createObjectNode();
    CloudEventAttributes.of(event, source, "application/json")
        .forEach(
            (name, value) -> {
              if (DIRECT.contains(name)) {
                attributes.put(PREFIX + name, text(value));
              } else {
                packed.put(name, value);
              }
            });
    if (!event.headers().isEmpty()) {
      ObjectNode headers = packed.putObject("headers");
      event.headers().forEach(headers::put);
    }
    attributes.put(PACKED, text(packed.toString()));
    return attributes;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** Every attribute as text, the packed ones unpacked to {@code ce-<name>}, headers by name. */
  static Map<String, String> flatten(Map<String, MessageAttributeValue> attributes) {
    Map<String, String> flat = new LinkedHashMap<>();
    Map<String, String> free = new LinkedHashMap<>();
    Map<String, String> cloud = read(attributes, free);
    cloud.forEach((name, value) -> flat.put(PREFIX + name, value));
    flat.putAll(free);
    return flat;
  }

  static EventEnvelope<byte[]> decode(
      Map<String, MessageAttributeValue> attributes, String body, String topic) {
    Map<String, String> free = new LinkedHashMap<>();
    Map<String, String> cloud = read(attributes, free);
    return CloudEventAttributes.toEvent(
        cloud,
        free,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        SqsCloudEvents::wireName,
        topic);
  }

  private static Map<String, String> read(
      Map<String, MessageAttributeValue> attributes, Map<String, String> free) {
    Map<String, String> cloud = new HashMap<>();
    for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      String value = attribute.getValue().stringValue();
      if (name.startsWith(PREFIX) && value != null) {
        cloud.put(name.substring(PREFIX.length()), value);
      }
    }
    MessageAttributeValue packed = attributes.get(PACKED);
    if (packed != null && packed.stringValue() != null) {
      JsonNode tree;
      try {
        tree = JSON.readTree(packed.stringValue());
      } catch (JsonProcessingException e) {
        throw new InvalidEventException(
            "not a valid Eventline CloudEvent: " + PACKED + " is not a JSON object");
      }
      if (tree == null || !tree.isObject()) {
        throw new InvalidEventException(
            "not a valid Eventline CloudEvent: " + PACKED + " is not a JSON object");
      }
      for (Map.Entry<String, JsonNode> field : tree.properties()) {
        if (field.getKey().equals("headers") && field.getValue().isObject()) {
          field.getValue().properties().forEach(h -> putFree(free, h.getKey(), h.getValue()));
        } else if (field.getValue().isTextual()) {
          cloud.putIfAbsent(field.getKey(), field.getValue().asText());
        }
      }
    }
    return cloud;
  }

  private static void putFree(Map<String, String> free, String name, JsonNode value) {
    if (free.size() < 64 && value.isTextual()) {
      free.put(name, value.asText());
    }
  }

  /** The size SQS counts: body plus attribute names, types and values, in bytes. */
  static int size(String body, Map<String, MessageAttributeValue> attributes) {
    int size = body.getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, MessageAttributeValue> attribute : attributes.entrySet()) {
      size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + "String".length();
      size += attribute.getValue().stringValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }
}

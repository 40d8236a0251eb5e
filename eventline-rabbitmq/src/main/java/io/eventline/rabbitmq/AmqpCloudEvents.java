package io.eventline.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.eventline.core.EventEnvelope;
import io.eventline.transport.CloudEventAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The envelope as an AMQP 0-9-1 message, after the CloudEvents AMQP binding (binary mode): the body
 * is the payload, {@code datacontenttype} is the {@code content-type} property, and every other
 * attribute is a header named {@code cloudEvents_<attribute>} (the binding's prefix for application
 * properties, in the form that is also a valid JMS selector identifier). The message id property is
 * the event id, the timestamp property the time it occurred (to the second), and messages are
 * persistent. Free headers travel as plain headers and never replace these.
 */
final class AmqpCloudEvents {
  static final String PREFIX = "cloudEvents_";

  /** The other prefix the binding allows; accepted when reading. */
  static final String COLON_PREFIX = "cloudEvents:";

  static final String CONTENT_TYPE = "content-type";

  private AmqpCloudEvents() {}

  static String wireName(String attribute) {
    return attribute.equals(CloudEventAttributes.DATA_CONTENT_TYPE)
        ? CONTENT_TYPE
        : PREFIX + attribute;
  }

  static AMQP.BasicProperties properties(EventEnvelope<byte[]> event, String source) {
    Map<String, Object> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> free : event.headers().entrySet()) {
      if (!isReserved(free.getKey())) {
        headers.put(free.getKey(), free.getValue());
      }
    }
    CloudEventAttributes.of(event, source, "application/json")
        .forEach(
            (name, value) -> {
              if (!name.equals(CloudEventAttributes.DATA_CONTENT_TYPE)) {
                headers.put(PREFIX + name, value);
              }
            });
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .deliveryMode(2)
        .messageId(event.eventId().toString())
        .timestamp(Date.from(event.occurredAt()))
        .headers(headers)
        .build();
  }

  static boolean isReserved(String header) {
    return header.startsWith(PREFIX) || header.startsWith(COLON_PREFIX);
  }

  /** The CloudEvents attributes (by CloudEvents name) and the free headers of a message. */
  static Map<String, String> attributes(AMQP.BasicProperties properties, Map<String, String> free) {
    Map<String, String> attributes = new HashMap<>();
    if (properties.getContentType() != null) {
      attributes.put(CloudEventAttributes.DATA_CONTENT_TYPE, properties.getContentType());
    }
    Map<String, Object> headers = properties.getHeaders();
    if (headers != null) {
      for (Map.Entry<String, Object> header : headers.entrySet()) {
        String name = header.getKey();
        String value = text(header.getValue());
        if (value == null) {
          continue;
        }
        if (name.startsWith(PREFIX)) {
          attributes.put(name.substring(PREFIX.length()), value);
        } else if (name.startsWith(COLON_PREFIX)) {
          attributes.putIfAbsent(name.substring(COLON_PREFIX.length()), value);
        } else if (free != null && free.size() < 64) {
          free.put(name, value);
        }
      }
    }
    return attributes;
  }

  static EventEnvelope<byte[]> decode(AMQP.BasicProperties properties, byte[] body, String topic) {
    Map<String, String> free = new LinkedHashMap<>();
    Map<String, String> attributes = attributes(properties, free);
    return CloudEventAttributes.toEvent(attributes, free, body, AmqpCloudEvents::wireName, topic);
  }

  /** Every header and the content type as text, for the dead letters and for readers. */
  static Map<String, String> headersAsText(AMQP.BasicProperties properties) {
    Map<String, String> text = new LinkedHashMap<>();
    if (properties.getContentType() != null) {
      text.put(CONTENT_TYPE, properties.getContentType());
    }
    if (properties.getHeaders() != null) {
      properties
          .getHeaders()
          .forEach(
              (name, value) -> {
                if (value != null && text.size() < 64) {
                  text.put(name, text(value));
                }
              });
    }
    return text;
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    return value.toString();
  }

  /** A generous estimate of the message's size on the wire, in bytes. */
  static int estimateSize(EventEnvelope<byte[]> event) {
    int size = 512 + event.payload().length + event.aggregateId().length() * 3;
    size += event.eventType().length() * 3 + event.aggregateType().length() * 3;
    size += event.correlationId().length() * 3;
    if (event.traceparent() != null) {
      size += event.traceparent().length();
    }
    for (Map.Entry<String, String> header : event.headers().entrySet()) {
      size += header.getKey().length() * 3 + header.getValue().length() * 3 + 8;
    }
    return size;
  }
}

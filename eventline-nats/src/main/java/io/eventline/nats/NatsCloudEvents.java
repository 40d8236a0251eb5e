package io.eventline.nats;

import io.eventline.core.EventEnvelope;
import io.eventline.transport.CloudEventAttributes;
import io.nats.client.impl.Headers;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The envelope as a NATS message, after the CloudEvents NATS binding in binary mode: the body is
 * the payload, {@code datacontenttype} is the {@code Content-Type} header, and every other
 * attribute is a header named {@code ce-<attribute>}. {@code Nats-Msg-Id} is the event id, so
 * JetStream drops a re-send within the stream's duplicate window. Free headers travel as plain
 * headers and never replace these.
 */
final class NatsCloudEvents {
  static final String PREFIX = "ce-";
  static final String CONTENT_TYPE = "Content-Type";
  static final String MSG_ID = "Nats-Msg-Id";

  private NatsCloudEvents() {}

  static String wireName(String attribute) {
    return attribute.equals(CloudEventAttributes.DATA_CONTENT_TYPE)
        ? CONTENT_TYPE
        : PREFIX + attribute;
  }

  static Headers headers(EventEnvelope<byte[]> event, String source) {
    Headers headers = new Headers();
    for (Map.Entry<String, String> free : event.headers().entrySet()) {
      if (!isReserved(free.getKey())) {
        headers.put(free.getKey(), free.getValue());
      }
    }
    CloudEventAttributes.of(event, source, "application/json")
        .forEach((name, value) -> headers.put(wireName(name), value));
    return headers;
  }

  static boolean isReserved(String header) {
    return header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        || header.equalsIgnoreCase(CONTENT_TYPE)
        || header.startsWith("Nats-");
  }

  static EventEnvelope<byte[]> decode(Headers headers, byte[] body, String topic) {
    Map<String, String> attributes = new HashMap<>();
    Map<String, String> free = new LinkedHashMap<>();
    if (headers != null) {
      for (String name : headers.keySet()) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty()) {
          continue;
        }
        if (values.size() > 1 && isReserved(name)) {
          throw new io.eventline.transport.InvalidEventException(
              "not a valid Eventline CloudEvent: header "
                  + CloudEventAttributes.printable(name)
                  + " appears more than once");
        }
        String value = values.get(0);
        if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
          attributes.put(name.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT), value);
        } else if (name.equalsIgnoreCase(CONTENT_TYPE)) {
          attributes.put(CloudEventAttributes.DATA_CONTENT_TYPE, value);
        } else if (!name.startsWith("Nats-") && free.size() < 64) {
          free.put(name, value);
        }
      }
    }
    return CloudEventAttributes.toEvent(attributes, free, body, NatsCloudEvents::wireName, topic);
  }

  static Map<String, String> text(Headers headers) {
    Map<String, String> text = new LinkedHashMap<>();
    if (headers != null) {
      for (String name : headers.keySet()) {
        String value = headers.getFirst(name);
        if (value != null && text.size() < 64) {
          text.put(name, value);
        }
      }
    }
    return text;
  }

  /** A generous estimate of the message's size on the wire (headers and body), in bytes. */
  static int estimateSize(EventEnvelope<byte[]> event) {
    int size = 600 + event.payload().length + event.aggregateId().length() * 3;
    size += event.eventType().length() * 3 + event.aggregateType().length() * 3;
    size += event.correlationId().length() * 3;
    if (event.traceparent() != null) {
      size += event.traceparent().length();
    }
    for (Map.Entry<String, String> header : event.headers().entrySet()) {
      size += header.getKey().length() * 3 + header.getValue().length() * 3 + 4;
    }
    return size;
  }
}

package io.eventline.kafka;

import io.eventline.core.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The envelope on the wire, following the CloudEvents Kafka protocol binding in binary mode: the
 * record key is the aggregate id, the value is the payload, and the attributes travel as {@code
 * ce_} headers. Eventline's own attributes are CloudEvents extensions ({@code ce_correlationid},
 * {@code ce_causationid}, {@code ce_aggregatetype}, {@code ce_aggregateversion}); the trace context
 * is the {@code traceparent} header of the distributed-tracing extension. Free headers travel as
 * plain headers and never replace these.
 *
 * <p>{@link #decode} reads a record back into an envelope and refuses, with the reason, a record
 * that is not a well-formed Eventline CloudEvent.
 */
public final class CloudEventsKafka {
  static final String SPEC_VERSION = "ce_specversion";
  static final String ID = "ce_id";
  static final String TYPE = "ce_type";
  static final String SOURCE = "ce_source";
  static final String TIME = "ce_time";
  static final String SUBJECT = "ce_subject";
  static final String CONTENT_TYPE = "content-type";
  static final String CORRELATION_ID = "ce_correlationid";
  static final String CAUSATION_ID = "ce_causationid";
  static final String AGGREGATE_TYPE = "ce_aggregatetype";
  static final String AGGREGATE_VERSION = "ce_aggregateversion";
  static final String TRACEPARENT = "traceparent";

  private CloudEventsKafka() {}

  /** The record for {@code event} on {@code topic}; {@code source} is the CloudEvents source. */
  public static ProducerRecord<byte[], byte[]> encode(
      String topic, String source, String contentType, EventEnvelope<byte[]> event) {
    Headers headers = new RecordHeaders();
    for (Map.Entry<String, String> free : event.headers().entrySet()) {
      if (!CloudEventsDecoder.isReserved(free.getKey())) {
        add(headers, free.getKey(), free.getValue());
      }
    }
    add(headers, SPEC_VERSION, "1.0");
    add(headers, ID, event.eventId().toString());
    add(headers, TYPE, event.eventType());
    add(headers, SOURCE, source);
    add(headers, TIME, event.occurredAt().toString());
    add(headers, SUBJECT, event.aggregateId());
    add(headers, CONTENT_TYPE, contentType);
    add(headers, CORRELATION_ID, event.correlationId());
    add(headers, CAUSATION_ID, event.causationId());
    add(headers, AGGREGATE_TYPE, event.aggregateType());
    if (event.aggregateVersion() != null) {
      add(headers, AGGREGATE_VERSION, Long.toString(event.aggregateVersion()));
    }
    add(headers, TRACEPARENT, event.traceparent());
    return new ProducerRecord<>(
        topic,
        null,
        event.occurredAt().toEpochMilli(),
        event.aggregateId().getBytes(StandardCharsets.UTF_8),
        event.payload(),
        headers);
  }

  /**
   * Reads a consumed record back into an envelope.
   *
   * @throws InvalidCloudEventException naming what is missing, duplicated, oversized or malformed
   */
  public static EventEnvelope<byte[]> decode(
      org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record) {
    return CloudEventsDecoder.decode(record);
  }

  private static void add(Headers headers, String key, String value) {
    if (value != null) {
      headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}

package io.eventline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventline.core.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Untrusted records: whatever headers, key and value a record carries, decoding yields an envelope
 * or an {@link InvalidCloudEventException} with a reason — never any other exception — and every
 * record the relay writes decodes back to the same envelope.
 */
class CloudEventsDecoderProperties {

  @Property(tries = 1_000)
  void hostileRecordsDecodeOrAreRefusedWithAReason(
      @ForAll("hostileRecords") ConsumerRecord<byte[], byte[]> record) {
    try {
      EventEnvelope<byte[]> envelope = CloudEventsKafka.decode(record);
      assertThat(envelope.eventId()).isNotNull();
      assertThat(envelope.eventType()).isNotBlank();
    } catch (InvalidCloudEventException refused) {
      assertThat(refused.getMessage()).startsWith("not a valid Eventline CloudEvent: ");
    }
  }

  @Property(tries = 500)
  void whatTheRelayWritesDecodesToTheSameEnvelope(
      @ForAll("envelopes") EventEnvelope<byte[]> event) {
    ProducerRecord<byte[], byte[]> written =
        CloudEventsKafka.encode("order", "/orders", "application/json", event);
    ConsumerRecord<byte[], byte[]> read =
        new ConsumerRecord<>(
            "order",
            0,
            0L,
            written.timestamp(),
            TimestampType.CREATE_TIME,
            0,
            0,
            written.key(),
            written.value(),
            written.headers(),
            java.util.Optional.empty());

    EventEnvelope<byte[]> decoded = CloudEventsKafka.decode(read);

    assertThat(decoded.withPayload("")).isEqualTo(event.withPayload(""));
    assertThat(decoded.payload()).isEqualTo(event.payload());
  }

  @Provide
  Arbitrary<EventEnvelope<byte[]>> envelopes() {
    Arbitrary<String> text =
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank());
    return Combinators.combine(
            Arbitraries.create(UUID::randomUUID),
            text,
            text,
            Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.3),
            Arbitraries.longs()
                .between(0, 4_102_444_800_000L)
                .map(ms -> Instant.ofEpochMilli(ms).plusNanos(1_000 * (ms % 1000))),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
            text.injectNull(0.5),
            Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10), text)
                .ofMaxSize(3))
        .as(
            (id, type, aggregateId, version, time, payload, causation, headers) ->
                new EventEnvelope<>(
                    id,
                    type,
                    "order",
                    aggregateId,
                    version,
                    time,
                    payload,
                    id.toString(),
                    causation,
                    null,
                    headers));
  }

  @Provide
  Arbitrary<ConsumerRecord<byte[], byte[]>> hostileRecords() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.of(
                "ce_specversion",
                "ce_id",
                "ce_type",
                "ce_source",
                "ce_time",
                "ce_subject",
                "content-type",
                "ce_correlationid",
                "ce_causationid",
                "ce_aggregatetype",
                "ce_aggregateversion",
                "traceparent"),
            Arbitraries.strings().ofMaxLength(20));
    Arbitrary<byte[]> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                    "1.0",
                    "0.3",
                    UUID.randomUUID().toString(),
                    "not-a-uuid",
                    "order.placed",
                    "-1",
                    "42",
                    "2026-11-26T12:00:00Z",
                    "yesterday",
                    "")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
            Arbitraries.of(8_191, 8_192, 8_193, 9_000).map(byte[]::new),
            Arbitraries.just((byte[]) null));
    Arbitrary<List<Map.Entry<String, byte[]>>> headers =
        Combinators.combine(names, values)
            .as((n, v) -> (Map.Entry<String, byte[]>) new java.util.AbstractMap.SimpleEntry<>(n, v))
            .list()
            .ofMaxSize(80);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(50).injectNull(0.2);
    return Combinators.combine(headers, bytes, bytes)
        .as(
            (list, key, value) -> {
              RecordHeaders recordHeaders = new RecordHeaders();
              list.forEach(h -> recordHeaders.add(h.getKey(), h.getValue()));
              return new ConsumerRecord<>(
                  "order",
                  0,
                  0L,
                  -1L,
                  TimestampType.CREATE_TIME,
                  0,
                  0,
                  key,
                  value,
                  recordHeaders,
                  java.util.Optional.empty());
            });
  }
}

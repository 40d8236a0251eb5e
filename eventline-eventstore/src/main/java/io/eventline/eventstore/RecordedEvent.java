package io.eventline.eventstore;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import java.time.Instant;

/**
 * An event as stored: the envelope (with the encoded payload, upcast to the current schema version)
 * and where it sits in its stream and in the global feed.
 *
 * @param streamId the stream
 * @param streamVersion its version in the stream, from 1; also the envelope's aggregate version
 * @param checkpoint its place in the global feed
 * @param schemaVersion the payload's schema version after upcasting
 * @param recordedAt when the database stored it (database clock)
 * @param contentType the payload's MIME type, such as {@code application/json}
 * @param envelope the event, with the payload as encoded bytes
 */
public record RecordedEvent(
    String streamId,
    long streamVersion,
    Checkpoint checkpoint,
    int schemaVersion,
    Instant recordedAt,
    String contentType,
    EventEnvelope<byte[]> envelope) {

  /** The event type, such as {@code order.placed}. */
  public String eventType() {
    return envelope.eventType();
  }

  /**
   * The category: the stream id up to its first {@code '-'} ({@code order-42} -> {@code order}).
   */
  public String category() {
    return Streams.category(streamId);
  }

  /** The payload decoded with {@code codec}. */
  public <T> T payload(PayloadCodec codec, Class<T> type) {
    return codec.decode(envelope.payload(), type);
  }

  /** The payload decoded as JSON. */
  public <T> T payload(Class<T> type) {
    return payload(PayloadCodec.json(), type);
  }
}

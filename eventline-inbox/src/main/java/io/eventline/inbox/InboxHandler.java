package io.eventline.inbox;

import io.eventline.core.EventEnvelope;
import io.eventline.core.PayloadCodec;
import java.util.Objects;

/**
 * The consumer's reaction to one event, run by the {@link Inbox} inside the transaction that holds
 * the event's mark.
 *
 * <p>Write through {@link InboxContext#connection()} only: those writes commit together with the
 * mark, or roll back together with it. Do not commit, roll back or close that connection. Work done
 * anywhere else (an HTTP call, an e-mail, another database) is not covered: it runs again when the
 * transaction rolls back and the event is retried. Put such work behind the outbox instead ({@link
 * InboxContext#emit}).
 *
 * <p>Throw to fail the attempt: the transaction rolls back and the event is retried. Throw {@link
 * RejectedEventException} when retrying cannot help; the event is dead-lettered at once.
 *
 * @param <P> the payload type
 */
@FunctionalInterface
public interface InboxHandler<P> {

  void handle(EventEnvelope<P> event, InboxContext context) throws Exception;

  /**
   * A handler of byte payloads that decodes them into {@code type} with {@code codec} and passes
   * the typed event to {@code handler}. A payload that cannot be decoded fails with the codec's
   * {@link io.eventline.core.PayloadCodecException}, which the inbox dead-letters at once as
   * malformed.
   */
  static <T> InboxHandler<byte[]> decoding(
      Class<T> type, PayloadCodec codec, InboxHandler<T> handler) {
    Objects.requireNonNull(type, "InboxHandler.decoding type may not be null");
    Objects.requireNonNull(codec, "InboxHandler.decoding codec may not be null");
    Objects.requireNonNull(handler, "InboxHandler.decoding handler may not be null");
    return (event, context) ->
        handler.handle(event.withPayload(codec.decode(event.payload(), type)), context);
  }
}

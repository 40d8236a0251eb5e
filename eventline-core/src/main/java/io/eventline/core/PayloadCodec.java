package io.eventline.core;

/**
 * Turns payload objects into bytes and back. Eventline ships a JSON codec ({@link #json()}); plug
 * in another (Avro, Protobuf) by implementing this interface.
 *
 * <p>Implementations must be thread-safe. Failures are reported as {@link PayloadCodecException},
 * which names the type and the reason; a codec never returns {@code null}.
 */
public interface PayloadCodec {

  /** The MIME type written with the bytes, such as {@code application/json}. */
  String contentType();

  /** Encodes {@code payload}. Bytes pass through unchanged. */
  byte[] encode(Object payload);

  /** Decodes {@code bytes} into an instance of {@code type}. */
  <T> T decode(byte[] bytes, Class<T> type);

  /** The JSON codec on Jackson, aware of {@code java.time} types. */
  static PayloadCodec json() {
    return JsonCodec.DEFAULT;
  }

  /** The JSON codec on the caller's Jackson {@code ObjectMapper}. */
  static PayloadCodec json(com.fasterxml.jackson.databind.ObjectMapper mapper) {
    return new JsonCodec(mapper);
  }
}

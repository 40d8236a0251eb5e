package io.eventline.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Objects;

/**
 * JSON on Jackson. Dates are written as ISO-8601 strings and read back as written: an {@code
 * OffsetDateTime} keeps its offset instead of being moved to UTC. Unknown properties are ignored,
 * so a consumer keeps reading payloads that gained a field.
 */
final class JsonCodec implements PayloadCodec {
  static final JsonCodec DEFAULT = new JsonCodec(defaultMapper());

  private final ObjectMapper mapper;

  JsonCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "JsonCodec.mapper may not be null");
  }

  static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(Object payload) {
    if (payload instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return mapper.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new PayloadCodecException(
          "cannot encode a " + payload.getClass().getName() + " as JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  @Override
  public <T> T decode(byte[] bytes, Class<T> type) {
    if (type == byte[].class) {
      return type.cast(bytes);
    }
    try {
      T value = mapper.readValue(bytes, type);
      if (value == null) {
        throw new PayloadCodecException("JSON 'null' cannot be decoded as " + type.getName(), null);
      }
      return value;
    } catch (IOException e) {
      throw new PayloadCodecException(
          "cannot decode "
              + bytes.length
              + " bytes of JSON as "
              + type.getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  JsonNode tree(byte[] bytes) {
    return decode(bytes, JsonNode.class);
  }
}

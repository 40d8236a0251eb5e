package io.eventline.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** Checks that a payload is one JSON value, for databases whose column does not. */
final class JsonCheck {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonCheck() {}

  static void require(String payload) {
    if (payload == null) {
      throw new IllegalArgumentException("the payload is null");
    }
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() == null) {
        throw new IllegalArgumentException("the payload is empty, not JSON");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("the payload holds more than one JSON value");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the payload is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}

package io.eventline.transport.tck;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message as an independent reader took it off the broker.
 *
 * @param headers its properties, headers or attributes, by their names on the wire
 * @param body its body
 */
public record Received(Map<String, String> headers, byte[] body) {
  public Received {
    headers = Map.copyOf(headers);
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}

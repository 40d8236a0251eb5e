package io.eventline.eventstore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the JSON payload of one event type from one schema version into the next. Pure: no I/O, no
 * clock; it runs on every read of an old event (stored events are never rewritten).
 */
@FunctionalInterface
public interface Upcaster {

  /** The payload at version {@code n + 1}, given the payload at version {@code n}. */
  JsonNode upcast(JsonNode payload);
}

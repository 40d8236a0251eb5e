package io.eventline.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Upcaster chains keyed by event type; index {@code i} upcasts version {@code i + 1}. */
final class ChainedUpcasters implements Upcasters {
  static final ChainedUpcasters NONE = new ChainedUpcasters(Map.of());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<Upcaster>> chains;

  ChainedUpcasters(Map<String, List<Upcaster>> chains) {
    this.chains = Map.copyOf(chains);
  }

  @Override
  public int currentVersion(String eventType) {
    List<Upcaster> chain = chains.get(eventType);
    return chain == null ? 1 : chain.size() + 1;
  }

  boolean needsUpcast(String eventType, int storedVersion) {
    return storedVersion < currentVersion(eventType);
  }

  byte[] upcast(
      String eventType, int storedVersion, byte[] payload, String streamId, long version) {
    List<Upcaster> chain = chains.get(eventType);
    try {
      JsonNode node = JSON.readTree(payload);
      for (int step = storedVersion - 1; step < chain.size(); step++) {
        node = chain.get(step).upcast(node);
      }
      return JSON.writeValueAsBytes(node);
    } catch (IOException | RuntimeException e) {
      throw new EventStoreException(
          "upcasting "
              + eventType
              + " from schema version "
              + storedVersion
              + " failed for stream '"
              + Streams.clip(streamId)
              + "' version "
              + version
              + ": "
              + e.getMessage()
              + "; fix the upcaster (stored events are not changed)",
          e);
    }
  }
}

package io.eventline.eventstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Chains of {@link Upcaster}s per event type, applied when events are read: an event stored at
 * schema version 1 of a type whose current version is 3 is read through the 1->2 and 2->3 steps.
 * Stored events are never rewritten. New events are written at the current version of their type (1
 * for a type with no upcasters).
 *
 * <p>Payloads must be JSON. An event stored at a version newer than this code knows (written by a
 * newer deployment) is passed through unchanged.
 */
public interface Upcasters {

  /** No upcasting: every type is at version 1. */
  static Upcasters none() {
    return ChainedUpcasters.NONE;
  }

  static Builder builder() {
    return new Builder();
  }

  /** The version new events of {@code eventType} are written at. */
  int currentVersion(String eventType);

  /** Immutable once built; the chain of each type must start at 1 and have no gaps. */
  final class Builder {
    private final Map<String, TreeMap<Integer, Upcaster>> steps = new HashMap<>();

    Builder() {}

    /**
     * Registers the step of {@code eventType} from {@code fromVersion} to {@code fromVersion + 1}.
     */
    public Builder register(String eventType, int fromVersion, Upcaster upcaster) {
      if (eventType == null || eventType.isBlank()) {
        throw new IllegalArgumentException("Upcasters.register eventType may not be blank");
      }
      if (fromVersion < 1) {
        throw new IllegalArgumentException(
            "Upcasters.register("
                + eventType
                + ") fromVersion must be >= 1 but was "
                + fromVersion);
      }
      Objects.requireNonNull(upcaster, "Upcasters.register upcaster may not be null");
      Upcaster previous =
          steps.computeIfAbsent(eventType, t -> new TreeMap<>()).put(fromVersion, upcaster);
      if (previous != null) {
        throw new IllegalArgumentException(
            "Upcasters: two upcasters for " + eventType + " from version " + fromVersion);
      }
      return this;
    }

    public Upcasters build() {
      Map<String, List<Upcaster>> chains = new HashMap<>();
      steps.forEach(
          (type, byVersion) -> {
            int expected = 1;
            for (int version : byVersion.keySet()) {
              if (version != expected) {
                throw new IllegalArgumentException(
                    "Upcasters for "
                        + type
                        + " have a gap: no upcaster from version "
                        + expected
                        + " (next one starts at "
                        + version
                        + ")");
              }
              expected++;
            }
            chains.put(type, List.copyOf(new ArrayList<>(byVersion.values())));
          });
      return new ChainedUpcasters(chains);
    }
  }
}

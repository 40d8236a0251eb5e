package io.eventline.eventstore;

import io.eventline.core.PayloadCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps an aggregate's event objects to stored event types and back.
 *
 * @param <E> the aggregate's event type (often a sealed interface of records)
 */
public interface EventMapping<E> {

  /** The stored type name of {@code event}, such as {@code order.placed}. */
  String eventType(E event);

  /** The event object of a stored (and upcast) event. */
  E decode(RecordedEvent event);

  /** JSON payloads; each stored type name maps to one class. */
  static <E> EventMapping<E> json(Map<String, Class<? extends E>> types) {
    return codec(PayloadCodec.json(), types);
  }

  /** Payloads in {@code codec}; each stored type name maps to one class. */
  static <E> EventMapping<E> codec(PayloadCodec codec, Map<String, Class<? extends E>> types) {
    Objects.requireNonNull(codec, "EventMapping codec may not be null");
    if (types == null || types.isEmpty()) {
      throw new IllegalArgumentException("EventMapping needs at least one event type");
    }
    Map<Class<?>, String> names = new HashMap<>();
    types.forEach(
        (name, type) -> {
          String other = names.put(type, name);
          if (other != null) {
            throw new IllegalArgumentException(
                "EventMapping maps " + type.getName() + " to both " + other + " and " + name);
          }
        });
    Map<String, Class<? extends E>> byName = Map.copyOf(types);
    return new EventMapping<>() {
      @Override
      public String eventType(E event) {
        String name = names.get(event.getClass());
        if (name == null) {
          throw new IllegalArgumentException(
              "no event type is mapped for "
                  + event.getClass().getName()
                  + "; add it to the"
                  + " EventMapping");
        }
        return name;
      }

      @Override
      public E decode(RecordedEvent event) {
        Class<? extends E> type = byName.get(event.eventType());
        if (type == null) {
          throw new EventStoreException(
              "stream '"
                  + Streams.clip(event.streamId())
                  + "' version "
                  + event.streamVersion()
                  + " has event type '"
                  + event.eventType()
                  + "', which the EventMapping does not know; map it (or upcast it to a known"
                  + " type)");
        }
        return codec.decode(event.envelope().payload(), type);
      }
    };
  }
}

package io.eventline.eventstore;

import java.util.Objects;

/**
 * Which part of the global feed to read: all events ({@code $all}), one category (stream ids {@code
 * <category>-...}) or one event type. Every filter keeps the feed's order and its never-skip
 * guarantee.
 *
 * @param kind what to filter on
 * @param value the category or event type; empty for {@link Kind#ALL}
 */
public record FeedFilter(Kind kind, String value) {
  /** What a filter selects on. */
  public enum Kind {
    ALL,
    CATEGORY,
    EVENT_TYPE
  }

  public FeedFilter {
    Objects.requireNonNull(kind, "FeedFilter.kind may not be null");
    value = value == null ? "" : value;
    if (kind != Kind.ALL && value.isBlank()) {
      throw new IllegalArgumentException("FeedFilter." + kind + " needs a non-blank value");
    }
    if (kind == Kind.CATEGORY && value.contains("-")) {
      throw new IllegalArgumentException(
          "FeedFilter category may not contain '-' (the category is the stream id up to its first"
              + " '-') but was '"
              + Streams.clip(value)
              + "'");
    }
  }

  /** Every event: {@code $all}. */
  public static FeedFilter all() {
    return new FeedFilter(Kind.ALL, "");
  }

  /** Events of streams {@code <category>-...} (and of a stream named exactly {@code category}). */
  public static FeedFilter category(String category) {
    return new FeedFilter(Kind.CATEGORY, category);
  }

  /** Events of one type, such as {@code order.placed}. */
  public static FeedFilter eventType(String eventType) {
    return new FeedFilter(Kind.EVENT_TYPE, eventType);
  }

  /** Whether {@code event} passes this filter. */
  public boolean matches(RecordedEvent event) {
    return switch (kind) {
      case ALL -> true;
      case CATEGORY -> value.equals(event.category());
      case EVENT_TYPE -> value.equals(event.eventType());
    };
  }

  @Override
  public String toString() {
    return kind == Kind.ALL ? "$all" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + value;
  }
}

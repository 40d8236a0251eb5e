package io.eventline.core;

/**
 * An event-type name broke the naming rule {@code <aggregate>.<past-tense verb phrase>}. The
 * message says which part of the rule and, where one can be derived, suggests a name that fits.
 */
public final class InvalidEventTypeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String eventType;
  private final String suggestion;

  InvalidEventTypeException(String eventType, String problem, String suggestion) {
    super(
        "event type '"
            + eventType
            + "' is refused: "
            + problem
            + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
    this.eventType = eventType;
    this.suggestion = suggestion;
  }

  /** The refused name. */
  public String eventType() {
    return eventType;
  }

  /** A name that fits the rule, or {@code null} when none could be derived. */
  public String suggestion() {
    return suggestion;
  }
}

package io.eventline.core;

/**
 * An event-type name broke the naming rule {@code <aggregate>.<past-tense verb>}. The message
 * states the rule, says which part of it the name breaks and, where one can be derived, suggests a
 * name that fits.
 */
public final class InvalidEventTypeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final String RULE =
      "'<aggregate>.<past-tense verb>' (lowercase, snake_case words, like 'order.placed' or"
          + " 'user.email_verified')";

  private final String eventType;
  private final String suggestion;

  InvalidEventTypeException(String eventType, String problem, String suggestion) {
    super(
        "event type '"
            + eventType
            + "' breaks the naming rule "
            + RULE
            + ": "
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

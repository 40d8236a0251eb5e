package io.eventline.core;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-type naming rule: {@code <aggregate>.<verb phrase in the past tense>}, lowercase, with
 * snake_case words and dot-separated segments: {@code order.placed}, {@code user.email_verified},
 * {@code payment.failed}. An event is a fact that already happened, so a command-like name ({@code
 * update_order}, {@code send_notification}, {@code order.place}) or a class-like name ({@code
 * OrderPlaced}) is refused with a message that names the broken part and suggests a name that fits
 * ({@code order.updated}, {@code notification.sent}, {@code order.placed}).
 *
 * <p>The last segment must begin or end with a past participle: a regular {@code -ed} form or a
 * known irregular one ({@code sent}, {@code paid}, {@code built}, {@code held}, {@code won}, ...).
 *
 * <p>A name is at most 200 characters. The error message states the rule, the broken part and,
 * where one can be derived, a suggestion; a name with dots keeps its segments in the suggestion
 * ({@code Order.AddItem} -> {@code order.item_added}).
 *
 * <p>{@link Strictness#REJECT} (the default) throws {@link InvalidEventTypeException}; {@link
 * Strictness#WARN} logs each bad name once (the first 1024 distinct names per rule) and lets it
 * through, for migrating existing systems. An empty name is refused under either strictness.
 */
public final class EventTypeRule {
  private static final Logger log = LoggerFactory.getLogger(EventTypeRule.class);
  private static final int MAX_WARNED = 1024;

  /** What to do with a name that breaks the rule. */
  public enum Strictness {
    /** Throw {@link InvalidEventTypeException}. */
    REJECT,
    /** Log a warning once per name and accept it. */
    WARN
  }

  private final Strictness strictness;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private EventTypeRule(Strictness strictness) {
    this.strictness =
        Objects.requireNonNull(strictness, "EventTypeRule.strictness may not be null");
  }

  /** The default rule: bad names are refused. */
  public static EventTypeRule reject() {
    return new EventTypeRule(Strictness.REJECT);
  }

  /** A lenient rule: bad names are logged once and accepted. */
  public static EventTypeRule warn() {
    return new EventTypeRule(Strictness.WARN);
  }

  /** A rule with the given strictness. */
  public static EventTypeRule of(Strictness strictness) {
    return new EventTypeRule(strictness);
  }

  public Strictness strictness() {
    return strictness;
  }

  /**
   * Checks {@code eventType} and returns it when accepted.
   *
   * @throws InvalidEventTypeException when the name breaks the rule and the strictness is REJECT
   */
  public String check(String eventType) {
    Optional<InvalidEventTypeException> problem = EventTypeNames.problem(eventType);
    if (problem.isEmpty()) {
      return eventType;
    }
    if (strictness == Strictness.REJECT || eventType == null || eventType.isBlank()) {
      throw problem.get();
    }
    if (warned.size() < MAX_WARNED && warned.add(eventType)) {
      log.warn("{} (accepted because the naming strictness is WARN)", problem.get().getMessage());
    }
    return eventType;
  }

  /** Whether {@code eventType} follows the rule, regardless of strictness. */
  public static boolean isValid(String eventType) {
    return EventTypeNames.problem(eventType).isEmpty();
  }

  /** The name the rule would suggest for {@code eventType}, or empty when none can be derived. */
  public static Optional<String> suggest(String eventType) {
    return EventTypeNames.problem(eventType).map(InvalidEventTypeException::suggestion);
  }
}

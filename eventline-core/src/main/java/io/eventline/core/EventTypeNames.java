package io.eventline.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Checks event-type names and derives a suggestion for a refused one. */
final class EventTypeNames {
  static final int MAX_LENGTH = 200;
  private static final String SEGMENT = "[a-z][a-z0-9]*(?:_[a-z0-9]+)*";
  private static final Pattern FORM = Pattern.compile(SEGMENT + "(?:\\." + SEGMENT + ")+");
  private static final Pattern WORD_BREAK = Pattern.compile("[^A-Za-z0-9]+");
  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

  /**
   * Names already found valid: every event written is checked, an application has a few dozen
   * types, and the regex and the past-tense lookup cost more than the rest of building an event.
   * Bounded, so that a stream of distinct names cannot grow it without limit.
   */
  private static final Set<String> VALID = ConcurrentHashMap.newKeySet();

  private static final int MAX_REMEMBERED = 4_096;

  private EventTypeNames() {}

  static Optional<InvalidEventTypeException> problem(String name) {
    if (name != null && VALID.contains(name)) {
      return Optional.empty();
    }
    Optional<InvalidEventTypeException> problem = check(name);
    if (problem.isEmpty() && VALID.size() < MAX_REMEMBERED) {
      VALID.add(name);
    }
    return problem;
  }

  private static Optional<InvalidEventTypeException> check(String name) {
    if (name == null || name.isBlank()) {
      return refuse(String.valueOf(name), "it is empty", null);
    }
    if (name.length() > MAX_LENGTH) {
      return refuse(
          name.substring(0, 40) + "...",
          "it is " + name.length() + " characters long, the limit is " + MAX_LENGTH,
          null);
    }
    if (!FORM.matcher(name).matches()) {
      return refuse(
          name,
          "it must be lowercase snake_case words, with a dot between the aggregate and the verb"
              + " phrase",
          suggest(name));
    }
    int dot = name.lastIndexOf('.');
    String[] phrase = name.substring(dot + 1).split("_");
    if (PastTense.isParticiple(phrase[phrase.length - 1]) || PastTense.isParticiple(phrase[0])) {
      return Optional.empty();
    }
    return refuse(
        name,
        "'"
            + name.substring(dot + 1)
            + "' is not in the past tense, and an event records a fact that already happened",
        name.substring(0, dot + 1) + pastPhrase(List.of(phrase)));
  }

  private static Optional<InvalidEventTypeException> refuse(
      String name, String reason, String suggestion) {
    return Optional.of(new InvalidEventTypeException(name, reason, suggestion));
  }

  /**
   * A name with dots keeps its segments, each normalised to snake_case ({@code Order.AddItem} ->
   * {@code order.add_item}) and then checked again; a name without dots is read as words.
   */
  private static String suggest(String name) {
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("\\.")) {
      List<String> words = words(segment);
      if (!words.isEmpty()) {
        segments.add(String.join("_", words));
      }
    }
    if (segments.size() < 2) {
      return suggestFromWords(words(name));
    }
    String normalized = String.join(".", segments);
    if (!FORM.matcher(normalized).matches()) {
      return null;
    }
    return problem(normalized).map(InvalidEventTypeException::suggestion).orElse(normalized);
  }

  private static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    for (String chunk : WORD_BREAK.split(name.trim())) {
      for (String word : CAMEL.split(chunk)) {
        if (!word.isEmpty()) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
    }
    return words;
  }

  /** Aggregate first, then the verb phrase with its verb in the past tense. */
  private static String suggestFromWords(List<String> words) {
    if (words.size() < 2 || !Character.isLetter(words.get(0).charAt(0))) {
      return null;
    }
    String first = words.get(0);
    String last = words.get(words.size() - 1);
    String suggestion;
    if (PastTense.isParticiple(last) || PastTense.isParticiple(first) && words.size() > 2) {
      // order_placed, OrderPlaced, user_email_verified: the aggregate comes first
      suggestion = first + "." + String.join("_", words.subList(1, words.size()));
    } else {
      // update_order, SendNotification: an imperative verb first, then its object
      suggestion =
          String.join("_", words.subList(1, words.size())) + "." + PastTense.participle(first);
    }
    return FORM.matcher(suggestion).matches() && problem(suggestion).isEmpty() ? suggestion : null;
  }

  private static String pastPhrase(List<String> phrase) {
    if (phrase.size() == 1) {
      return PastTense.participle(phrase.get(0));
    }
    // add_item -> item_added: the verb leads the phrase, the participle ends it
    return String.join("_", phrase.subList(1, phrase.size()))
        + "_"
        + PastTense.participle(phrase.get(0));
  }
}

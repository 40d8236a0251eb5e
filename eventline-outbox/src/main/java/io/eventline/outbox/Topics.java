package io.eventline.outbox;

import java.util.regex.Pattern;

/** Topic names: the characters every broker accepts (Kafka's rule), at most 249 of them. */
final class Topics {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  private Topics() {}

  static boolean isValid(String topic) {
    return topic != null
        && VALID.matcher(topic).matches()
        && !".".equals(topic)
        && !"..".equals(topic);
  }

  static String requireValid(String topic) {
    if (!isValid(topic)) {
      throw new IllegalArgumentException(
          "topic '"
              + (topic == null ? "null" : topic.replaceAll("\\p{Cntrl}", "?"))
              + "' is not a valid topic name: use 1 to 249 of the characters a-z, A-Z, 0-9, '.',"
              + " '_' and '-'");
    }
    return topic;
  }
}

package io.eventline.outbox;

/** Topic names: the characters every broker accepts (Kafka's rule), at most 249 of them. */
final class Topics {
  private static final int MAX_LENGTH = 249;

  private Topics() {}

  /** Checked for every event written and every event relayed, so a loop rather than a regex. */
  static boolean isValid(String topic) {
    if (topic == null || topic.isEmpty() || topic.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < topic.length(); i++) {
      char c = topic.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return !".".equals(topic) && !"..".equals(topic);
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

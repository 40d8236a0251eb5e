package io.eventline.kafka;

import java.util.regex.Pattern;

/** Topic names and group ids: the characters Kafka accepts, at most 249 of them. */
final class KafkaNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  private KafkaNames() {}

  static String require(String setting, String value) {
    if (value == null
        || !VALID.matcher(value).matches()
        || ".".equals(value)
        || "..".equals(value)) {
      throw new IllegalArgumentException(
          setting
              + " must be 1 to 249 of the characters a-z, A-Z, 0-9, '.', '_' and '-' but was '"
              + CloudEventsDecoder.printable(value).replace("'", "")
              + "'");
    }
    return value;
  }
}

package io.eventline.inbox;

/** Untrusted text made safe for one-line messages and bounded columns. */
final class Texts {
  static final int COLUMN = 255;

  private Texts() {}

  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    String clipped = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * {@code value} as a text column takes it: NUL characters (which PostgreSQL refuses in text)
   * replaced by {@code ?}, at most {@code max} characters.
   */
  static String column(String value, int max) {
    return clip(text(value), max);
  }

  /** {@code value} without NUL characters, which PostgreSQL refuses in text. */
  static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '?');
  }

  /**
   * A key column value: {@code value} itself when it fits in 255 characters, else its first 190
   * characters, {@code #} and the SHA-256 of the whole, so long keys stay distinct.
   */
  static String key(String raw) {
    String value = text(raw);
    if (value == null || value.length() <= COLUMN) {
      return value;
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return clip(value, 190) + "#" + java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** At most {@code max} characters, never splitting a surrogate pair. */
  static String clip(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end);
  }
}

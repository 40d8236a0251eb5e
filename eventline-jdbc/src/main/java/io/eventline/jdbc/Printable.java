package io.eventline.jdbc;

/** Makes untrusted text safe to put into a one-line message. */
final class Printable {
  private Printable() {}

  static String clip(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < 80; i++) {
      char c = value.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return value.length() > 80 ? out + "..." : out.toString();
  }
}

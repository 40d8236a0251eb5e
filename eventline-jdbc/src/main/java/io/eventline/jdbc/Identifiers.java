package io.eventline.jdbc;

import java.util.regex.Pattern;

/**
 * Checks names that Eventline puts into SQL text (schemas, tables, channels), which cannot be bind
 * parameters. Everything else always goes through bind parameters.
 */
public final class Identifiers {
  private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private Identifiers() {}

  /**
   * Returns {@code value} when it is a plain SQL identifier: a letter or underscore, then letters,
   * digits or underscores, at most 63 characters.
   *
   * @param setting the name of the setting, used in the error message
   * @throws IllegalArgumentException naming the setting and the refused value otherwise
   */
  public static String requireSqlIdentifier(String setting, String value) {
    if (value == null || !SQL_IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          setting
              + " must be a plain SQL identifier (letters, digits and '_', starting with a letter"
              + " or '_', at most 63 characters) but was '"
              + Printable.clip(value)
              + "'");
    }
    return value;
  }
}

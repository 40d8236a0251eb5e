package io.eventline.jdbc;

/**
 * The database schema does not fit this version of Eventline: missing, older, or newer than the
 * code. The message says which component, which versions, and what to do.
 */
public final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SchemaException(String message) {
    super(message);
  }

  SchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.eventline.inbox;

import io.eventline.core.PayloadCodecException;

/** How a handler failure is classified and recorded. */
final class Failures {
  private static final int MAX_CHAIN = 8;
  private static final int MAX_FRAMES = 6;
  static final int MAX_TEXT = 4_000;

  private Failures() {}

  static boolean isPermanent(Throwable error) {
    return kind(error) != DeadLetter.Kind.FAILED;
  }

  static DeadLetter.Kind kind(Throwable error) {
    int depth = 0;
    for (Throwable cursor = error; cursor != null && depth < MAX_CHAIN; depth++) {
      if (cursor instanceof RejectedEventException) {
        return DeadLetter.Kind.REJECTED;
      }
      if (cursor instanceof PayloadCodecException) {
        return DeadLetter.Kind.MALFORMED;
      }
      cursor = cursor.getCause();
    }
    return DeadLetter.Kind.FAILED;
  }

  /** The exception chain with the first frames of each, at most 4,000 characters. */
  static String describe(Throwable error) {
    if (error == null) {
      return "no error was recorded";
    }
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable cursor = error; cursor != null && depth < MAX_CHAIN; depth++) {
      if (depth > 0) {
        text.append("\nCaused by: ");
      }
      text.append(cursor);
      StackTraceElement[] frames = cursor.getStackTrace();
      for (int i = 0; i < Math.min(MAX_FRAMES, frames.length); i++) {
        text.append("\n\tat ").append(frames[i]);
      }
      cursor = cursor.getCause() == cursor ? null : cursor.getCause();
    }
    return Texts.clip(text.toString(), MAX_TEXT);
  }

  /** One line for logs: the class and message of the error and of its root cause. */
  static String summary(Throwable error) {
    if (error == null) {
      return "no error";
    }
    Throwable root = error;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 8; depth++) {
      root = root.getCause();
    }
    return root == error ? error.toString() : error + " (caused by " + root + ")";
  }
}

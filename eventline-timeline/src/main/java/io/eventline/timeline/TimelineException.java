package io.eventline.timeline;

/** A service's database could not be read; the message names the service. */
public final class TimelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TimelineException(String message, Throwable cause) {
    super(message, cause);
  }
}

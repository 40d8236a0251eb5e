package io.eventline.core;

/** A payload could not be encoded or decoded. The message names the type and the cause. */
public final class PayloadCodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PayloadCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}

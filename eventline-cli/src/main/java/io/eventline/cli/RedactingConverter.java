package io.eventline.cli;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.eventline.core.Redaction;

/** A log message with secrets masked: {@code %redactedMessage} in logback.xml. */
public final class RedactingConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.redact(super.convert(event));
  }
}

package io.eventline.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.eventline.core.Redaction;

/** A logged exception with secrets masked: {@code %redactedException} in logback.xml. */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
  @Override
  protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy proxy) {
    return Redaction.redact(super.throwableProxyToString(proxy));
  }

  @Override
  public String convert(ILoggingEvent event) {
    return Redaction.redact(super.convert(event));
  }
}

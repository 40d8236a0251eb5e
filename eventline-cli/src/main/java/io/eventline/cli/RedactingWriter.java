package io.eventline.cli;

import io.eventline.core.Redaction;
import java.io.IOException;
import java.io.Writer;

/**
 * Masks secrets in everything the CLI prints: text is held until a line ends (or a flush), then
 * written through {@link Redaction#redact(String)}, so a secret split across writes is still
 * caught.
 */
final class RedactingWriter extends Writer {
  private final Writer out;
  private final StringBuilder line = new StringBuilder();

  RedactingWriter(Writer out) {
    this.out = out;
  }

  @Override
  public synchronized void write(char[] buffer, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      line.append(buffer[i]);
      if (buffer[i] == '\n') {
        emit();
      }
    }
  }

  private void emit() throws IOException {
    if (line.length() > 0) {
      out.write(Redaction.redact(line.toString()));
      line.setLength(0);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }
}

package dev.mero4j.console.groovy.internal;

import java.io.Writer;
import org.jline.reader.LineReader;

/**
 * Output of an interactive session: whole lines go above the prompt while the reader waits for
 * input (watch events from other threads), or straight to the terminal while a script runs.
 */
final class AboveWriter extends Writer {
  private final LineReader reader;
  private final StringBuilder pending = new StringBuilder();

  AboveWriter(LineReader reader) {
    this.reader = reader;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      char c = chars[i];
      if (c == '\n') {
        emit();
      } else if (c != '\r') {
        pending.append(c);
      }
    }
  }

  private void emit() {
    String line = pending.toString();
    pending.setLength(0);
    reader.printAbove(line);
  }

  @Override
  public synchronized void flush() {
    if (pending.length() > 0) {
      emit();
    }
  }

  @Override
  public void close() {
    flush();
  }
}

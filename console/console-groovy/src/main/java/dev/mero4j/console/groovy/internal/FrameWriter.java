package dev.mero4j.console.groovy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** A writer whose text leaves as {@link ScriptFrame}s of one type, one frame per flush or line. */
public final class FrameWriter extends Writer {
  /** Output is cut into frames of at most this many bytes, far below the codec's limit. */
  private static final int CHUNK = 64 * 1024;

  private final OutputStream out;
  private final ScriptFrame.Type type;
  private final StringBuilder pending = new StringBuilder();

  public FrameWriter(OutputStream out, ScriptFrame.Type type) {
    this.out = out;
    this.type = type;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    pending.append(chars, offset, length);
    if (pending.indexOf("\n") >= 0) {
      flush();
    }
  }

  @Override
  public synchronized void flush() {
    if (pending.length() == 0) {
      return;
    }
    byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
    pending.setLength(0);
    try {
      for (int start = 0; start < bytes.length; start += CHUNK) {
        ScriptFrameCodec.write(
            out,
            type,
            java.util.Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + CHUNK)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the console client went away", e);
    }
  }

  @Override
  public void close() {
    flush();
  }
}

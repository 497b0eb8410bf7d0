package dev.mero4j.console.groovy.internal;

import dev.mero4j.console.api.ConsoleException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Encodes and decodes {@link ScriptFrame}s: {@code [type u8][length u32 big-endian][payload]}. */
public final class ScriptFrameCodec {
  /** Largest frame payload; output is sent in chunks well below it. */
  static final int MAX_PAYLOAD = 1 << 20;

  private ScriptFrameCodec() {}

  public static void write(OutputStream out, ScriptFrame.Type type, byte[] payload)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(5).put((byte) type.code).putInt(payload.length);
    synchronized (out) {
      out.write(header.array());
      out.write(payload);
      out.flush();
    }
  }

  public static void writeExit(OutputStream out, int code) throws IOException {
    write(out, ScriptFrame.Type.EXIT, ByteBuffer.allocate(4).putInt(code).array());
  }

  /** The next frame, or null at the end of the stream. */
  public static ScriptFrame read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int code = data.read();
    if (code < 0) {
      return null;
    }
    ScriptFrame.Type type = ScriptFrame.Type.of(code);
    int length;
    try {
      length = data.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (type == null || length < 0 || length > MAX_PAYLOAD) {
      throw new ConsoleException(
          "the node sent a malformed console frame (type " + code + ", length " + length + ")");
    }
    byte[] payload = new byte[length];
    data.readFully(payload);
    return new ScriptFrame(type, payload);
  }

  public static int exitCode(ScriptFrame frame) {
    return ByteBuffer.wrap(frame.payload()).getInt();
  }
}

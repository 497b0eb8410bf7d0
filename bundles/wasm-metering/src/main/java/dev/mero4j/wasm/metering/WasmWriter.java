package dev.mero4j.wasm.metering;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable byte buffer with LEB128 encoders for WebAssembly binaries. */
final class WasmWriter {
  private byte[] buf;
  private int size;

  WasmWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  WasmWriter u8(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  WasmWriter u32(long value) {
    long v = value & 0xFFFF_FFFFL;
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      u8(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return this;
  }

  WasmWriter s64(long value) {
    boolean more = true;
    while (more) {
      int b = (int) (value & 0x7F);
      value >>= 7;
      if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
        more = false;
      } else {
        b |= 0x80;
      }
      u8(b);
    }
    return this;
  }

  WasmWriter bytes(byte[] src, int from, int to) {
    int n = to - from;
    ensure(n);
    System.arraycopy(src, from, buf, size, n);
    size += n;
    return this;
  }

  WasmWriter bytes(byte[] src) {
    return bytes(src, 0, src.length);
  }

  WasmWriter name(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    u32(utf8.length);
    return bytes(utf8);
  }

  /** Appends {@code content} prefixed by its u32 length (a section or function body). */
  WasmWriter sized(WasmWriter content) {
    u32(content.size);
    return bytes(content.buf, 0, content.size);
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }
}

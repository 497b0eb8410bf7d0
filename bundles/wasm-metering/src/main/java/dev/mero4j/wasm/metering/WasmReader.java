package dev.mero4j.wasm.metering;

import dev.mero4j.wasm.api.InvalidModuleException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Cursor over WebAssembly binary bytes that decodes LEB128 and fails with typed errors. */
final class WasmReader {
  private final byte[] bytes;
  private int pos;
  private final int end;

  WasmReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  byte[] bytes() {
    return bytes;
  }

  int pos() {
    return pos;
  }

  int end() {
    return end;
  }

  boolean hasMore() {
    return pos < end;
  }

  int u8() {
    if (pos >= end) {
      throw malformed("unexpected end");
    }
    return bytes[pos++] & 0xFF;
  }

  int peek() {
    if (pos >= end) {
      throw malformed("unexpected end");
    }
    return bytes[pos] & 0xFF;
  }

  /** An unsigned LEB128 u32. */
  int u32() {
    long result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (result > 0xFFFF_FFFFL) {
          throw malformed("u32 out of range");
        }
        return (int) result;
      }
    }
    throw malformed("u32 too long");
  }

  /** A u32 used as a count or index that must fit a Java int. */
  int index() {
    int value = u32();
    if (value < 0) {
      throw malformed("index out of range");
    }
    return value;
  }

  /** A signed LEB128 of up to {@code bits} bits, returned as long. */
  long signed(int bits) {
    long result = 0;
    int shift = 0;
    int b;
    do {
      if (shift >= bits + 7) {
        throw malformed("signed integer too long");
      }
      b = u8();
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  void skip(int n) {
    if (n < 0 || end - pos < n) {
      throw malformed("unexpected end");
    }
    pos += n;
  }

  byte[] take(int n) {
    int start = pos;
    skip(n);
    byte[] out = new byte[n];
    System.arraycopy(bytes, start, out, 0, n);
    return out;
  }

  String name() {
    int length = index();
    int start = pos;
    skip(length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidModuleException("malformed module: name is not UTF-8 at offset " + start, e);
    }
  }

  InvalidModuleException malformed(String what) {
    return new InvalidModuleException("malformed module: " + what + " at offset " + pos);
  }
}

package dev.mero4j.runtime.internal.host;

import dev.mero4j.wasm.api.GuestMemory;
import dev.mero4j.wasm.api.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reading arguments of host functions: guest pointers, bounded byte ranges and UTF-8 text. */
final class Guest {
  static final List<ValueType> NONE = List.of();
  static final long[] VOID = new long[0];

  private Guest() {}

  /** An unsigned wasm32 pointer or length from an i32 argument. */
  static long u32(long arg) {
    return Integer.toUnsignedLong((int) arg);
  }

  /** Reads {@code len} bytes at {@code ptr}, refusing lengths above {@code max}. */
  static byte[] bytes(GuestMemory memory, long ptr, long len, int max, String what) {
    long length = u32(len);
    if (length > max) {
      throw new HostLimitException(what + " of " + length + " bytes exceeds " + max, max);
    }
    return memory.read(u32(ptr), (int) length);
  }

  static String utf8(GuestMemory memory, long ptr, long len, int max, String what) {
    byte[] raw = bytes(memory, ptr, len, max, what);
    if (ascii(raw)) {
      // Most keys and field names are ASCII, which is valid UTF-8 as it is: no decoder needed.
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AbiViolationException(what + " is not valid UTF-8");
    }
  }

  private static boolean ascii(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  static long[] i32(boolean value) {
    return new long[] {value ? 1 : 0};
  }

  static long[] i64(long value) {
    return new long[] {value};
  }

  /**
   * Parameter or result types from a code: {@code i} = i32, {@code I} = i64, e.g. {@code "iiI"}.
   */
  static List<ValueType> sig(String code) {
    ValueType[] types = new ValueType[code.length()];
    for (int i = 0; i < types.length; i++) {
      types[i] = code.charAt(i) == 'I' ? ValueType.I64 : ValueType.I32;
    }
    return List.of(types);
  }

  /** Encodes items as {@code u32 little-endian length ‖ bytes}, the ABI's list format. */
  static byte[] list(List<byte[]> items) {
    int size = 0;
    for (byte[] item : items) {
      size += 4 + item.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (byte[] item : items) {
      out.putInt(item.length).put(item);
    }
    return out.array();
  }
}

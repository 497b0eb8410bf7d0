package dev.mero4j.primitives;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads values written by {@link BinaryWriter}; every overrun or malformed value is a {@link
 * MalformedEncodingException}, never an index error.
 */
public final class BinaryReader {
  private final byte[] buffer;
  private final int end;
  private final boolean shortestVarints;
  private int position;

  public BinaryReader(byte[] buffer) {
    this(buffer, 0, buffer.length);
  }

  public BinaryReader(byte[] buffer, int offset, int length) {
    this(buffer, offset, length, false);
  }

  private BinaryReader(byte[] buffer, int offset, int length, boolean shortestVarints) {
    if (offset < 0 || length < 0 || offset + length > buffer.length) {
      throw new IllegalArgumentException("slice outside the buffer");
    }
    this.buffer = buffer;
    this.position = offset;
    this.end = offset + length;
    this.shortestVarints = shortestVarints;
  }

  /**
   * A reader that also refuses any varint (and so any length, signed varint, {@code bytes} or
   * {@code string} prefix) not in the shortest form {@link BinaryWriter} writes, for formats whose
   * received bytes are hashed as they are and so must have exactly one encoding per value.
   */
  public static BinaryReader canonical(byte[] buffer) {
    return new BinaryReader(buffer, 0, buffer.length, true);
  }

  /** Reads the version byte and rejects versions newer than {@code newestKnown}. */
  public int version(String what, int newestKnown) {
    int version = u8();
    if (version > newestKnown) {
      throw new UnsupportedVersionException(what, version, newestKnown);
    }
    return version;
  }

  public int u8() {
    require(1);
    return buffer[position++] & 0xff;
  }

  public boolean bool() {
    int value = u8();
    if (value > 1) {
      throw new MalformedEncodingException("boolean byte " + value + " at " + (position - 1));
    }
    return value == 1;
  }

  public long varint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      if (shift == 63 && (b & 0xFE) != 0) {
        throw new MalformedEncodingException("varint overflows 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0 && shortestVarints) {
          throw new MalformedEncodingException("varint not in its shortest form at " + position);
        }
        return result;
      }
    }
    throw new MalformedEncodingException("varint longer than 10 bytes");
  }

  public long svarint() {
    long raw = varint();
    return (raw >>> 1) ^ -(raw & 1);
  }

  /** A varint that must fit a non-negative int no larger than {@code max}. */
  public int length(int max) {
    long value = varint();
    if (value < 0 || value > max) {
      throw new MalformedEncodingException("length " + value + " exceeds the limit " + max);
    }
    return (int) value;
  }

  public long fixed64() {
    require(8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (long) (buffer[position++] & 0xff) << (8 * i);
    }
    return value;
  }

  public int fixed32() {
    require(4);
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value |= (buffer[position++] & 0xff) << (8 * i);
    }
    return value;
  }

  public byte[] raw(int length) {
    require(length);
    byte[] out = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return out;
  }

  /** Length-prefixed bytes of at most {@code max} bytes. */
  public byte[] bytes(int max) {
    return raw(length(max));
  }

  public String string(int maxBytes) {
    byte[] utf8 = bytes(maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEncodingException("string is not valid UTF-8", e);
    }
  }

  public byte[] id() {
    return raw(Bytes32.LENGTH);
  }

  public int remaining() {
    return end - position;
  }

  public int position() {
    return position;
  }

  public boolean hasRemaining() {
    return position < end;
  }

  /** Fails unless every byte was consumed; trailing garbage is malformed input. */
  public void expectEnd() {
    if (position != end) {
      throw new MalformedEncodingException((end - position) + " trailing bytes");
    }
  }

  private void require(int count) {
    if (count < 0 || end - position < count) {
      throw new MalformedEncodingException(
          "truncated input: need "
              + count
              + " bytes at "
              + position
              + ", have "
              + (end - position));
    }
  }
}

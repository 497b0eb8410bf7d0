package dev.mero4j.primitives;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends values in Mero4j's compact binary encoding: unsigned LEB128 varints, zig-zag signed
 * varints, little-endian fixed-width integers, length-prefixed bytes and UTF-8 strings.
 *
 * <p>Every top-level encoding starts with a one-byte format version written by {@link
 * #version(int)}; readers reject versions newer than they know.
 */
public final class BinaryWriter {
  private byte[] buffer;
  private int size;

  public BinaryWriter() {
    this(64);
  }

  public BinaryWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  public BinaryWriter version(int version) {
    if (version < 0 || version > 0xff) {
      throw new IllegalArgumentException("version must fit in one byte");
    }
    return u8(version);
  }

  public BinaryWriter u8(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public BinaryWriter bool(boolean value) {
    return u8(value ? 1 : 0);
  }

  /** Unsigned LEB128; {@code value} is treated as unsigned 64-bit. */
  public BinaryWriter varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
    return this;
  }

  /** Zig-zag signed varint. */
  public BinaryWriter svarint(long value) {
    return varint((value << 1) ^ (value >> 63));
  }

  public BinaryWriter fixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  public BinaryWriter fixed32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buffer[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  /** Raw bytes with no length prefix. */
  public BinaryWriter raw(byte[] bytes) {
    return raw(bytes, 0, bytes.length);
  }

  public BinaryWriter raw(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
    return this;
  }

  /** Varint length followed by the bytes. */
  public BinaryWriter bytes(byte[] bytes) {
    varint(bytes.length);
    return raw(bytes);
  }

  public BinaryWriter string(String text) {
    return bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  public BinaryWriter id(Bytes32 id) {
    ensure(Bytes32.LENGTH);
    id.copyTo(buffer, size);
    size += Bytes32.LENGTH;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
    }
  }
}

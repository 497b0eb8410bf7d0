package dev.mero4j.transport.libp2p.internal.util;

import dev.mero4j.transport.api.ProtocolViolationException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal protobuf reader: iterate fields with {@link #next()}, then read the value by type;
 * unknown fields are skipped with {@link #skip()}.
 *
 * @see <a href="https://protobuf.dev/programming-guides/encoding/">protobuf encoding</a>
 */
public final class ProtoReader {
  private final byte[] buf;
  private int pos;
  private final int end;
  private int wireType;

  public ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public ProtoReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Returns the next field number, or 0 at the end. */
  public int next() {
    if (pos >= end) {
      return 0;
    }
    long key = varint();
    int field = (int) (key >>> 3);
    wireType = (int) (key & 7);
    if (field <= 0) {
      throw new ProtocolViolationException("protobuf field number " + field);
    }
    return field;
  }

  private long varint() {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      if (pos >= end) {
        throw new ProtocolViolationException("truncated protobuf varint");
      }
      int b = buf[pos++] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ProtocolViolationException("protobuf varint too long");
  }

  public long uint64() {
    expect(0);
    return varint();
  }

  public boolean bool() {
    return uint64() != 0;
  }

  public byte[] bytes() {
    expect(2);
    long len = varint();
    if (len < 0 || len > end - pos) {
      throw new ProtocolViolationException("protobuf length " + len + " past the end");
    }
    byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) len);
    pos += (int) len;
    return out;
  }

  public String string() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  public ProtoReader message() {
    byte[] b = bytes();
    return new ProtoReader(b);
  }

  /** Skips the value of the current field. */
  public void skip() {
    switch (wireType) {
      case 0 -> varint();
      case 1 -> advance(8);
      case 2 -> {
        long len = varint();
        if (len < 0 || len > end - pos) {
          throw new ProtocolViolationException("protobuf length past the end");
        }
        advance((int) len);
      }
      case 5 -> advance(4);
      default -> throw new ProtocolViolationException("unsupported protobuf wire type " + wireType);
    }
  }

  private void advance(int n) {
    if (n > end - pos) {
      throw new ProtocolViolationException("truncated protobuf field");
    }
    pos += n;
  }

  private void expect(int type) {
    if (wireType != type) {
      throw new ProtocolViolationException("protobuf wire type " + wireType + ", expected " + type);
    }
  }
}

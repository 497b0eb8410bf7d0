package dev.mero4j.transport.libp2p.internal.util;

import dev.mero4j.transport.api.ProtocolViolationException;
import io.netty.buffer.ByteBuf;

/**
 * Unsigned LEB128 varints as used by multiformats and protobuf.
 *
 * @see <a href="https://github.com/multiformats/unsigned-varint">unsigned-varint</a>
 */
public final class Varint {
  /** Multiformats cap varints at 9 bytes (63 bits); protobuf allows 10. */
  public static final int MAX_BYTES = 10;

  private Varint() {}

  public static int size(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  public static void write(ByteBuf out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  public static int write(byte[] out, int offset, long value) {
    while ((value & ~0x7FL) != 0) {
      out[offset++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[offset++] = (byte) value;
    return offset;
  }

  /**
   * Reads a varint at the reader index; returns -1 and leaves the index untouched when the buffer
   * ends before the varint does.
   */
  public static long tryRead(ByteBuf in) {
    int start = in.readerIndex();
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (!in.isReadable()) {
        in.readerIndex(start);
        return -1;
      }
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (value < 0) {
          throw new ProtocolViolationException("varint out of range");
        }
        return value;
      }
    }
    throw new ProtocolViolationException("varint longer than " + MAX_BYTES + " bytes");
  }
}

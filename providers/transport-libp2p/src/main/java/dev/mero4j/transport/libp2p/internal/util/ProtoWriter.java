package dev.mero4j.transport.libp2p.internal.util;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf (proto2/proto3 wire format) writer for the few small libp2p messages.
 *
 * @see <a href="https://protobuf.dev/programming-guides/encoding/">protobuf encoding</a>
 */
public final class ProtoWriter {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_LEN = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  private void varint(long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  public ProtoWriter uint64(int field, long value) {
    varint(((long) field << 3) | WIRE_VARINT);
    varint(value);
    return this;
  }

  public ProtoWriter bool(int field, boolean value) {
    return uint64(field, value ? 1 : 0);
  }

  public ProtoWriter bytes(int field, byte[] value) {
    if (value == null) {
      return this;
    }
    varint(((long) field << 3) | WIRE_LEN);
    varint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  public ProtoWriter string(int field, String value) {
    return value == null ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  public ProtoWriter message(int field, ProtoWriter nested) {
    return bytes(field, nested.toByteArray());
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}

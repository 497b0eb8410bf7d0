package dev.mero4j.primitives;

import java.util.Arrays;

/** A 32-byte value with value semantics; the base of every Mero4j id, hash and key. */
public abstract class Bytes32 implements Comparable<Bytes32> {
  /** Length in bytes of every {@code Bytes32}. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  protected Bytes32(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new MalformedEncodingException(
          getClass().getSimpleName()
              + " needs exactly 32 bytes, got "
              + (bytes == null ? "null" : bytes.length));
    }
    this.bytes = bytes.clone();
  }

  /** Returns a copy of the 32 bytes. */
  public final byte[] toBytes() {
    return bytes.clone();
  }

  /** Returns the byte at {@code index} without copying. */
  public final byte byteAt(int index) {
    return bytes[index];
  }

  /** Copies the bytes into {@code target} at {@code offset}. */
  public final void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  public final String toHex() {
    return Hex.encode(bytes);
  }

  public final String toBase58() {
    return Base58.encode(bytes);
  }

  @Override
  public final int compareTo(Bytes32 other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  @SuppressWarnings("EqualsGetClass") // a ContextId never equals a DeltaId with the same bytes
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Bytes32) o).bytes);
  }

  @Override
  public final int hashCode() {
    return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | bytes[3] << 24;
  }

  @Override
  public String toString() {
    return toBase58();
  }
}

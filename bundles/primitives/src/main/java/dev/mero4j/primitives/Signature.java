package dev.mero4j.primitives;

import java.util.Arrays;

/** A raw 64-byte Ed25519 signature. */
public final class Signature {
  /** Length in bytes of an Ed25519 signature. */
  public static final int LENGTH = 64;

  private final byte[] bytes;

  private Signature(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new MalformedEncodingException(
          "Signature needs exactly 64 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    this.bytes = bytes.clone();
  }

  public static Signature of(byte[] bytes) {
    return new Signature(bytes);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Base58.encode(bytes);
  }
}

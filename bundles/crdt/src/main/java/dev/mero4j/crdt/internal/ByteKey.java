package dev.mero4j.crdt.internal;

import java.util.Arrays;
import java.util.Comparator;

/** An immutable byte-array key with value equality and unsigned lexicographic order. */
public final class ByteKey implements Comparable<ByteKey> {
  static final Comparator<ByteKey> ORDER = Comparator.naturalOrder();

  final byte[] bytes;
  private final int hash;

  ByteKey(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  public static ByteKey copyOf(byte[] bytes) {
    return new ByteKey(bytes.clone());
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public int compareTo(ByteKey o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}

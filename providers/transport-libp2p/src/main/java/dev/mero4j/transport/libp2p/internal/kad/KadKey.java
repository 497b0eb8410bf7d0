package dev.mero4j.transport.libp2p.internal.kad;

import dev.mero4j.primitives.Hash;
import java.util.Arrays;
import java.util.Comparator;

/** A point in the 256-bit keyspace: SHA-256 of a peer id or key; distance is XOR. */
public final class KadKey {
  /** Bits in the keyspace, and so the number of buckets. */
  public static final int BITS = 256;

  private final byte[] bits;

  /** The same bits as four big-endian longs, for fast distance comparisons. */
  private final long[] words = new long[4];

  private KadKey(byte[] bits) {
    this.bits = bits;
    java.nio.ByteBuffer.wrap(bits).asLongBuffer().get(words);
  }

  /** The point of {@code raw} (the binary peer id, or a DHT key). */
  public static KadKey of(byte[] raw) {
    return new KadKey(Hash.sha256(raw).toBytes());
  }

  /** A point given directly by its 32 bytes (random refresh targets). */
  public static KadKey ofBits(byte[] bits) {
    if (bits.length != BITS / 8) {
      throw new IllegalArgumentException("a key has 32 bytes");
    }
    return new KadKey(bits.clone());
  }

  /** Leading bits this key shares with {@code other}; 256 for the same key. */
  public int commonPrefixLength(KadKey other) {
    for (int i = 0; i < bits.length; i++) {
      int x = (bits[i] ^ other.bits[i]) & 0xFF;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** Orders keys by their XOR distance to this one, nearest first. */
  public Comparator<KadKey> byDistance() {
    return (a, b) -> {
      for (int i = 0; i < words.length; i++) {
        long da = a.words[i] ^ words[i];
        long db = b.words[i] ^ words[i];
        if (da != db) {
          return Long.compareUnsigned(da, db);
        }
      }
      return 0;
    };
  }

  /**
   * A random key sharing exactly {@code prefix} leading bits with this one (to refresh bucket
   * {@code prefix}); {@code random} supplies the other bits.
   */
  public KadKey randomWithPrefix(int prefix, byte[] random) {
    byte[] out = random.clone();
    for (int bit = 0; bit <= prefix && bit < BITS; bit++) {
      int mask = 0x80 >>> (bit % 8);
      boolean mine = (bits[bit / 8] & mask) != 0;
      boolean set = bit < prefix ? mine : !mine;
      out[bit / 8] = (byte) (set ? out[bit / 8] | mask : out[bit / 8] & ~mask);
    }
    return new KadKey(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey k && Arrays.equals(bits, k.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return dev.mero4j.primitives.Hex.encode(bits).substring(0, 12) + "…";
  }
}

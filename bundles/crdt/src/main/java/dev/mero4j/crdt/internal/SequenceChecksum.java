package dev.mero4j.crdt.internal;

import dev.mero4j.primitives.Hash;
import java.security.MessageDigest;

/**
 * The content checksum of a {@link Sequence}: an additive multiset hash, four 64-bit lanes summing
 * SHA-256 digests of (replica key, counter, value) per element, so one element is added or removed
 * in O(1) whatever the order it sits in.
 */
final class SequenceChecksum {
  private static final int LANES = 4;

  private final Replicas replicas;
  private final long[] lanes = new long[LANES];
  private final MessageDigest elementDigest = Hash.newDigest();
  private final byte[] elementBytes = new byte[32 + 8 + 4];

  SequenceChecksum(Replicas replicas) {
    this.replicas = replicas;
  }

  void add(long id, int val) {
    apply(id, val, 1);
  }

  void remove(long id, int val) {
    apply(id, val, -1);
  }

  /** SHA-256 over the lanes (little-endian) and the element count (big-endian). */
  Hash hash(int total, MessageDigest digest) {
    byte[] out = new byte[LANES * 8];
    for (int lane = 0; lane < LANES; lane++) {
      for (int b = 0; b < 8; b++) {
        out[lane * 8 + b] = (byte) (lanes[lane] >>> (8 * b));
      }
    }
    digest.reset();
    digest.update(out);
    digest.update(
        new byte[] {
          (byte) (total >>> 24), (byte) (total >>> 16), (byte) (total >>> 8), (byte) total
        });
    return Hash.of(digest.digest());
  }

  private void apply(long id, int val, int sign) {
    replicas.get(Sequence.replicaOf(id)).key.copyTo(elementBytes, 0);
    long counter = Sequence.counterOf(id);
    for (int i = 0; i < 8; i++) {
      elementBytes[32 + i] = (byte) (counter >>> (8 * i));
    }
    for (int i = 0; i < 4; i++) {
      elementBytes[40 + i] = (byte) (val >>> (8 * i));
    }
    elementDigest.reset();
    byte[] d = elementDigest.digest(elementBytes);
    for (int lane = 0; lane < LANES; lane++) {
      long v = 0;
      for (int b = 0; b < 8; b++) {
        v |= (long) (d[lane * 8 + b] & 0xff) << (8 * b);
      }
      lanes[lane] += sign * v;
    }
  }
}

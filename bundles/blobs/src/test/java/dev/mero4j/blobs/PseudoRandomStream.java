package dev.mero4j.blobs;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * {@code size} deterministic pseudo-random bytes made on the fly (never held whole); counts reads.
 */
final class PseudoRandomStream extends InputStream {
  private final SplittableRandom random;
  private final long size;
  private long produced;

  PseudoRandomStream(long seed, long size) {
    this.random = new SplittableRandom(seed);
    this.size = size;
  }

  long produced() {
    return produced;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (produced >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - produced);
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) random.nextInt(256);
    }
    produced += n;
    return n;
  }
}

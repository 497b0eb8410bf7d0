package dev.mero4j.blobs.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A blob's manifest in clear: its size and the leaf hashes of its chunks, in order. Stored sealed
 * ({@link BlobCrypto#sealManifest}).
 */
public record Manifest(long size, List<byte[]> leaves) {
  private static final int LEAF = 32;

  public Manifest {
    leaves = List.copyOf(leaves);
  }

  public byte[] encode() {
    ByteBuffer out =
        ByteBuffer.allocate(12 + LEAF * leaves.size()).putLong(size).putInt(leaves.size());
    leaves.forEach(out::put);
    return out.array();
  }

  /**
   * Decodes a manifest of a blob cut in chunks of {@code chunkBytes}.
   *
   * @throws IllegalArgumentException the bytes are not a consistent manifest
   */
  public static Manifest decode(byte[] bytes, int chunkBytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      long size = in.getLong();
      int count = in.getInt();
      long expected = (size + chunkBytes - 1) / chunkBytes;
      if (size < 0 || count != expected || in.remaining() != (long) count * LEAF) {
        throw new IllegalArgumentException(
            "inconsistent manifest: " + size + " bytes in " + count + " chunks");
      }
      List<byte[]> leaves = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] leaf = new byte[LEAF];
        in.get(leaf);
        leaves.add(leaf);
      }
      return new Manifest(size, leaves);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("truncated manifest", e);
    }
  }
}

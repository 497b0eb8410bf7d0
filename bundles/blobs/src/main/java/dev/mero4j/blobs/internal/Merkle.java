package dev.mero4j.blobs.internal;

import dev.mero4j.primitives.Hash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary SHA-256 Merkle tree over a blob's chunks. A leaf is {@code SHA-256(0x00 ‖ chunk)}, an
 * inner node {@code SHA-256(0x01 ‖ left ‖ right)}; a level of odd length carries its last node up
 * unchanged. A blob of no chunks has the root {@code SHA-256(0x02)}. The domain bytes keep a leaf
 * from passing as an inner node. With the leaf count, a chunk and its proof (the sibling hashes
 * from the leaf upwards) recompute the root, so any chunk verifies alone.
 */
public final class Merkle {
  private static final byte[] LEAF = {0};
  private static final byte[] NODE = {1};
  private static final byte[] EMPTY = {2};

  private Merkle() {}

  /** The leaf hash of {@code length} bytes of {@code chunk} from {@code offset}. */
  public static byte[] leaf(MessageDigest digest, byte[] chunk, int offset, int length) {
    digest.reset();
    digest.update(LEAF);
    digest.update(chunk, offset, length);
    return digest.digest();
  }

  /** The root over {@code leaves} (each 32 bytes). */
  public static byte[] root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return Hash.sha256Bytes(EMPTY);
    }
    List<byte[]> level = leaves;
    while (level.size() > 1) {
      level = up(level);
    }
    return level.get(0).clone();
  }

  /** The sibling hashes from leaf {@code index} up to the root. */
  public static List<byte[]> proof(List<byte[]> leaves, int index) {
    if (index < 0 || index >= leaves.size()) {
      throw new IllegalArgumentException("leaf " + index + " of " + leaves.size());
    }
    List<byte[]> proof = new ArrayList<>();
    List<byte[]> level = leaves;
    int i = index;
    while (level.size() > 1) {
      int sibling = i ^ 1;
      if (sibling < level.size()) {
        proof.add(level.get(sibling).clone());
      }
      level = up(level);
      i /= 2;
    }
    return proof;
  }

  /**
   * Whether {@code leaf} at {@code index} of {@code count} leaves, with {@code proof}, gives {@code
   * root}.
   */
  public static boolean verify(byte[] leaf, int index, int count, List<byte[]> proof, byte[] root) {
    if (index < 0 || index >= count) {
      return false;
    }
    byte[] node = leaf;
    int i = index;
    int width = count;
    int used = 0;
    while (width > 1) {
      int sibling = i ^ 1;
      if (sibling < width) {
        if (used >= proof.size()) {
          return false;
        }
        byte[] other = proof.get(used++);
        node =
            (i & 1) == 0
                ? Hash.sha256Bytes(NODE, node, other)
                : Hash.sha256Bytes(NODE, other, node);
      }
      i /= 2;
      width = (width + 1) / 2;
    }
    return used == proof.size() && MessageDigest.isEqual(node, root);
  }

  private static List<byte[]> up(List<byte[]> level) {
    List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
    for (int i = 0; i < level.size(); i += 2) {
      next.add(
          i + 1 < level.size()
              ? Hash.sha256Bytes(NODE, level.get(i), level.get(i + 1))
              : Arrays.copyOf(level.get(i), level.get(i).length));
    }
    return next;
  }
}

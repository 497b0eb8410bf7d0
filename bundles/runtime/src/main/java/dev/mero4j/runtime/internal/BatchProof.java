package dev.mero4j.runtime.internal;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree one author's signature covers in a batch of delta envelopes, and the audit path
 * that proves one envelope's place in it (docs/wire-format.md, "Delta envelope").
 *
 * <pre>
 *   leaf_i = SHA-256(0x00 ‖ delta id ‖ SHA-256(events) ‖ SHA-256(position))
 *   node   = SHA-256(0x01 ‖ left ‖ right)
 *   levels are built bottom-up pairing neighbours; a lone last node moves up a level unchanged
 *   (the tree of RFC 9162 §2.1.1: n = 3 → node(node(l0, l1), l2))
 *   path_i = the sibling at every level where leaf i's ancestor has one, lowest first
 * </pre>
 */
final class BatchProof {
  /**
   * Most envelopes one signature covers: the group commit drains at most this many calls, and 256
   * keeps an audit path to 8 hashes (256 bytes) per envelope.
   */
  static final int MAX_BATCH = 256;

  private static final byte[] LEAF = {0x00};
  static final byte[] NODE = {0x01};

  private final Hash root;
  private final List<List<Hash>> paths;

  private BatchProof(Hash root, List<List<Hash>> paths) {
    this.root = root;
    this.paths = paths;
  }

  /**
   * The last events and position bytes hashed for a leaf, with their SHA-256: the envelopes of a
   * batch, and most batches of a context, carry the same empty events and the same position, so
   * comparing a few dozen bytes replaces two of a leaf's three hashes. Each holder is immutable and
   * published whole; a race only costs a hash.
   */
  private static volatile Digested lastEvents = Digested.of(new byte[0]);

  private static volatile Digested lastPosition = Digested.of(new byte[0]);

  static Hash leaf(DeltaId delta, byte[] events, byte[] position) {
    Digested e = lastEvents;
    if (!Arrays.equals(e.bytes, events)) {
      lastEvents = e = Digested.of(events);
    }
    Digested p = lastPosition;
    if (!Arrays.equals(p.bytes, position)) {
      lastPosition = p = Digested.of(position);
    }
    return Hash.sha256(LEAF, delta.toBytes(), e.hash, p.hash);
  }

  /** Bytes (a private copy) and their SHA-256, neither ever modified nor handed out. */
  private static final class Digested {
    final byte[] bytes;
    final byte[] hash;

    private Digested(byte[] bytes, byte[] hash) {
      this.bytes = bytes;
      this.hash = hash;
    }

    static Digested of(byte[] bytes) {
      byte[] copy = bytes.clone();
      return new Digested(copy, Hash.sha256Bytes(copy));
    }
  }

  static Hash node(Hash left, Hash right) {
    return Hash.sha256(NODE, left.toBytes(), right.toBytes());
  }

  /** The tree over {@code leaves} (1 to {@link #MAX_BATCH}) with every leaf's audit path. */
  static BatchProof of(List<Hash> leaves) {
    if (leaves.isEmpty() || leaves.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " envelopes");
    }
    List<List<Hash>> paths = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      paths.add(new ArrayList<>());
    }
    List<Hash> level = leaves;
    int span = 1; // leaves under each node of this level
    while (level.size() > 1) {
      List<Hash> up = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        if (i + 1 == level.size()) {
          up.add(level.get(i));
          continue;
        }
        up.add(node(level.get(i), level.get(i + 1)));
        for (int leaf = i * span; leaf < Math.min((i + 2) * span, leaves.size()); leaf++) {
          boolean left = leaf < (i + 1) * span;
          paths.get(leaf).add(level.get(left ? i + 1 : i));
        }
      }
      level = up;
      span *= 2;
    }
    return new BatchProof(level.get(0), paths);
  }

  Hash root() {
    return root;
  }

  /** The audit path of leaf {@code index}, lowest level first. */
  List<Hash> path(int index) {
    return paths.get(index);
  }

  /** How many hashes the audit path of leaf {@code index} in a batch of {@code n} holds. */
  static int pathLength(int n, int index) {
    int length = 0;
    for (int i = index, size = n; size > 1; i >>= 1, size = (size + 1) / 2) {
      if ((i & 1) == 1 || i + 1 < size) {
        length++;
      }
    }
    return length;
  }

  /**
   * The root that {@code leaf} at {@code index} of {@code n} and its audit path lead to; the path
   * holds exactly {@link #pathLength} hashes (the caller read that many).
   */
  static Hash rootOf(Hash leaf, int n, int index, List<Hash> path) {
    Hash at = leaf;
    int next = 0;
    for (int i = index, size = n; size > 1; i >>= 1, size = (size + 1) / 2) {
      if ((i & 1) == 1) {
        at = node(path.get(next++), at);
      } else if (i + 1 < size) {
        at = node(at, path.get(next++));
      }
    }
    if (next != path.size()) {
      throw new IllegalArgumentException("audit path of " + path.size() + " hashes, used " + next);
    }
    return at;
  }
}

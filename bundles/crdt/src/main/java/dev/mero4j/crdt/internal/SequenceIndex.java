package dev.mero4j.crdt.internal;

import java.util.Arrays;

/**
 * Id → leaf for a {@link Sequence}, kept per block of {@link #BLOCK} consecutive counters of one
 * replica rather than per element: each block maps to exactly the leaves that hold at least one of
 * its elements (almost always one), so a typed stretch of text costs one entry per block and an
 * insert that continues a block costs one probe and no write.
 *
 * <p>The entry is a {@link SequenceLeaf} or, for a block spread over several leaves, an array of
 * them. Inserts add the leaf; a leaf split adds the new right leaf to the blocks of the runs it
 * took and drops the left leaf from those it no longer holds, so no entry ever names a leaf without
 * an element of its block and a lookup scans at most {@link #BLOCK} leaves.
 */
final class SequenceIndex {
  /** Counters per block: a power of two, about the length of a typed run. */
  static final int BLOCK = 64;

  private static final int SHIFT = Integer.numberOfTrailingZeros(BLOCK);

  /** Packed ids of one replica whose counters differ by one block differ by this. */
  private static final long NEXT_BLOCK = SequenceLeaf.NEXT;

  private final LongObjectMap<Object> blocks;

  SequenceIndex(int expectedBlocks) {
    blocks = new LongObjectMap<>(Math.max(16, expectedBlocks));
  }

  /** The key of the block holding element {@code id}; never zero. */
  private static long block(long id) {
    return Sequence.pack((Sequence.counterOf(id) >>> SHIFT) + 1, Sequence.replicaOf(id));
  }

  /** The first and last element ids of block {@code key}. */
  private static long firstOf(long key) {
    return Sequence.pack((Sequence.counterOf(key) - 1) << SHIFT, Sequence.replicaOf(key));
  }

  /** The position of element {@code id}, or null; counts the runs visited in {@code seq}. */
  Sequence.Pos locate(Sequence seq, long id) {
    Object v = blocks.get(block(id));
    if (v instanceof SequenceLeaf leaf) {
      seq.steps += leaf.runs;
      return leaf.find(id);
    }
    if (v == null) {
      return null;
    }
    for (SequenceLeaf leaf : (SequenceLeaf[]) v) {
      seq.steps += leaf.runs;
      Sequence.Pos pos = leaf.find(id);
      if (pos != null) {
        return pos;
      }
    }
    return null;
  }

  /** Records that {@code leaf} now holds element {@code id}. */
  void add(long id, SequenceLeaf leaf) {
    add(block(id), leaf, null);
  }

  /** Records every element of {@code leaf} (an index build). */
  void addAll(SequenceLeaf leaf) {
    for (int r = 0; r < leaf.runs; r++) {
      addRun(leaf, r, null);
    }
  }

  /** Records that {@code right} took its elements from {@code left} (a leaf split). */
  void moved(SequenceLeaf left, SequenceLeaf right) {
    for (int r = 0; r < right.runs; r++) {
      addRun(right, r, left);
    }
  }

  private void addRun(SequenceLeaf leaf, int r, SequenceLeaf from) {
    long first = leaf.ids[r];
    long last = first + (leaf.length(r) - 1L) * SequenceLeaf.NEXT;
    for (long key = block(first), end = block(last); key <= end; key += NEXT_BLOCK) {
      add(key, leaf, from);
    }
  }

  /**
   * Adds {@code leaf} to block {@code key}, and drops {@code from} (if given) unless it still holds
   * an element of the block.
   */
  private void add(long key, SequenceLeaf leaf, SequenceLeaf from) {
    Object v = blocks.get(key);
    if (from == null && names(v, leaf)) {
      return;
    }
    SequenceLeaf[] list =
        v == null
            ? new SequenceLeaf[0]
            : v instanceof SequenceLeaf one ? new SequenceLeaf[] {one} : (SequenceLeaf[]) v;
    int n = 0;
    SequenceLeaf[] kept = new SequenceLeaf[list.length + 1];
    boolean present = false;
    for (SequenceLeaf l : list) {
      if (l == from && !from.holds(firstOf(key), BLOCK)) {
        continue;
      }
      present |= l == leaf;
      kept[n++] = l;
    }
    if (!present) {
      kept[n++] = leaf;
    }
    blocks.put(key, n == 1 ? kept[0] : n == kept.length ? kept : Arrays.copyOf(kept, n));
  }

  private static boolean names(Object v, SequenceLeaf leaf) {
    if (v == leaf) {
      return true;
    }
    if (v instanceof SequenceLeaf[] list) {
      for (SequenceLeaf l : list) {
        if (l == leaf) {
          return true;
        }
      }
    }
    return false;
  }
}

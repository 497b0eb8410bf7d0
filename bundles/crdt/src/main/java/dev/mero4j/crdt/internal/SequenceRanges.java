package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.internal.SequenceNodes.Leaf;
import java.util.function.LongConsumer;

/**
 * Deletes ranges of a {@link Sequence} in one forward pass: one O(log n) descent to the first
 * element, then O(1) per element visited, whole dead leaves skipped, and one climb of the live
 * counts per leaf touched instead of one per element.
 */
final class SequenceRanges {
  /** Element ids of one replica with consecutive counters differ by this. */
  private static final long NEXT_COUNTER = 1L << 24;

  private SequenceRanges() {}

  /**
   * Deletes {@code count} live elements from live index {@code index} on, passing each deleted id
   * to {@code deleted} in document order. The caller checked that they exist.
   */
  static void deleteLive(Sequence seq, int index, int count, LongConsumer deleted) {
    Sequence.Pos p = seq.liveAt(index);
    Leaf leaf = p.leaf();
    int i = p.offset();
    int dead = 0;
    for (int left = count; left > 0; ) {
      if (i == leaf.size || (i == 0 && leaf.live == 0)) {
        seq.addLive(leaf, -dead);
        dead = 0;
        leaf = leaf.next;
        i = 0;
        seq.steps++;
        continue;
      }
      long id = leaf.ids[i];
      if (seq.flip(leaf, i, false)) {
        dead++;
        left--;
        deleted.accept(id);
      }
      i++;
    }
    seq.addLive(leaf, -dead);
  }

  /**
   * Deletes the {@code count} elements {@code first}, first + 1 counter, … of one replica (a remote
   * TextDelete). The caller checked with {@link #containsRun} that they all exist.
   */
  static void deleteRun(Sequence seq, long first, int count) {
    if (!walkRun(seq, first, count, true)) {
      throw new IllegalStateException("unknown element in a validated delete");
    }
  }

  /** Whether the elements {@code first}, first + 1 counter, … ({@code count} of them) all exist. */
  static boolean containsRun(Sequence seq, long first, int count) {
    return walkRun(seq, first, count, false);
  }

  /**
   * Visits a run of one replica's consecutive elements, deleting them if asked. They usually sit
   * next to each other, so each is looked for right after the previous one before the id index is
   * asked. Returns false at the first one missing.
   */
  private static boolean walkRun(Sequence seq, long first, int count, boolean delete) {
    Leaf leaf = null;
    int i = 0;
    int dead = 0;
    for (int j = 0; j < count; j++) {
      long id = first + j * NEXT_COUNTER;
      seq.steps++;
      if (leaf != null && i == leaf.size && leaf.next != null) {
        seq.addLive(leaf, -dead);
        dead = 0;
        leaf = leaf.next;
        i = 0;
      }
      if (leaf == null || i == leaf.size || leaf.ids[i] != id) {
        if (leaf != null) {
          seq.addLive(leaf, -dead);
          dead = 0;
        }
        Sequence.Pos p = seq.locate(id);
        if (p == null) {
          return false;
        }
        leaf = p.leaf();
        i = p.offset();
      }
      if (delete && seq.flip(leaf, i, false)) {
        dead++;
      }
      i++;
    }
    if (leaf != null) {
      seq.addLive(leaf, -dead);
    }
    return true;
  }
}

package dev.mero4j.crdt.internal;

import java.util.function.LongConsumer;

/**
 * Deletes ranges of a {@link Sequence} in one forward pass: one O(log n) descent to the first
 * element, then one step per run visited (a run of tombstones is skipped whole, so are dead
 * leaves), and one climb of the live counts per leaf touched instead of one per element.
 */
final class SequenceRanges {
  private SequenceRanges() {}

  /**
   * Deletes {@code count} live elements from live index {@code index} on, passing each deleted id
   * to {@code deleted} in document order. The caller checked that they exist.
   */
  static void deleteLive(Sequence seq, int index, int count, LongConsumer deleted) {
    Sequence.Pos at = seq.liveAt(index);
    SequenceLeaf leaf = at.leaf();
    int dead = 0;
    for (int left = count; left > 0; ) {
      if (at == null || (at.offset() == 0 && dead == 0 && leaf.live == 0)) {
        seq.addLive(leaf, -dead);
        dead = 0;
        leaf = leaf.next;
        at = leaf.pos(0);
        seq.steps++;
        continue;
      }
      int run = at.run();
      int m = leaf.length(run) - at.k();
      if (!leaf.isDead(run)) {
        m = Math.min(left, m);
        if (!leaf.hasRoom()) {
          seq.addLive(leaf, -dead);
          dead = 0;
          at = seq.room(leaf, at.offset(), false);
          leaf = at.leaf();
          m = Math.min(left, leaf.length(at.run()) - at.k());
        }
        for (int j = 0; j < m; j++) {
          deleted.accept(at.id() + j * SequenceLeaf.NEXT);
        }
        seq.mark(at, m, false);
        dead += m;
        left -= m;
      }
      at = after(leaf, at.offset() + m);
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

  /** The position of element {@code offset} of {@code leaf}, or null past its end. */
  private static Sequence.Pos after(SequenceLeaf leaf, int offset) {
    return offset < leaf.size ? leaf.pos(offset) : null;
  }

  /**
   * Visits a run of one replica's consecutive elements, deleting them if asked. They usually sit
   * next to each other, in few runs, so each run is looked for right after the previous one before
   * the id index is asked. Returns false at the first one missing.
   */
  private static boolean walkRun(Sequence seq, long first, int count, boolean delete) {
    SequenceLeaf leaf = null;
    Sequence.Pos at = null;
    int dead = 0;
    for (int j = 0; j < count; ) {
      long id = first + j * SequenceLeaf.NEXT;
      seq.steps++;
      if (leaf != null && at == null && leaf.next != null && leaf.next.size > 0) {
        seq.addLive(leaf, -dead);
        dead = 0;
        leaf = leaf.next;
        at = leaf.pos(0);
      }
      if (at == null || at.id() != id) {
        if (leaf != null) {
          seq.addLive(leaf, -dead);
          dead = 0;
        }
        at = seq.locate(id);
        if (at == null) {
          return false;
        }
        leaf = at.leaf();
      }
      int m = Math.min(count - j, leaf.length(at.run()) - at.k());
      if (delete && !leaf.isDead(at.run())) {
        if (!leaf.hasRoom()) {
          seq.addLive(leaf, -dead);
          dead = 0;
          at = seq.room(leaf, at.offset(), false);
          leaf = at.leaf();
          m = Math.min(count - j, leaf.length(at.run()) - at.k());
        }
        seq.mark(at, m, false);
        dead += m;
      }
      j += m;
      at = after(leaf, at.offset() + m);
    }
    if (leaf != null) {
      seq.addLive(leaf, -dead);
    }
    return true;
  }
}

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
    Deleter d = new Deleter(seq);
    Sequence.Pos at = d.moveTo(seq.liveAt(index));
    for (int left = count; left > 0; ) {
      SequenceLeaf leaf = d.leaf;
      if (at == null || (at.offset() == 0 && d.dead == 0 && leaf.live == 0)) {
        at = d.moveTo(leaf.next.pos(0));
        seq.steps++;
      } else if (leaf.isDead(at.run())) {
        at = after(leaf, at.offset() + leaf.length(at.run()) - at.k());
      } else {
        left -= d.delete(at, left, deleted);
        at = after(d.leaf, d.next);
      }
    }
    d.settle();
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
    Deleter d = new Deleter(seq);
    Sequence.Pos at = null;
    for (int j = 0; j < count; ) {
      long id = first + j * SequenceLeaf.NEXT;
      seq.steps++;
      if (at == null && d.leaf != null && d.leaf.next != null && d.leaf.next.size > 0) {
        at = d.moveTo(d.leaf.next.pos(0));
      }
      if (at == null || at.id() != id) {
        Sequence.Pos found = seq.locate(id);
        if (found == null) {
          d.settle();
          return false;
        }
        at = d.moveTo(found);
      }
      if (delete && !at.leaf().isDead(at.run())) {
        j += d.delete(at, count - j, null);
        at = after(d.leaf, d.next);
      } else {
        int m = Math.min(count - j, at.leaf().length(at.run()) - at.k());
        j += m;
        at = after(at.leaf(), at.offset() + m);
      }
    }
    d.settle();
    return true;
  }

  /** Marks elements deleted leaf by leaf, settling the live counts above once per leaf. */
  private static final class Deleter {
    final Sequence seq;
    SequenceLeaf leaf;

    /** Elements of {@link #leaf} deleted and not yet subtracted from the counts above it. */
    int dead;

    /** The element offset right after the last deleted element, in {@link #leaf}. */
    int next;

    Deleter(Sequence seq) {
      this.seq = seq;
    }

    /** Returns {@code to}, settling the counts of the current leaf if {@code to} is elsewhere. */
    Sequence.Pos moveTo(Sequence.Pos to) {
      if (to.leaf() != leaf) {
        settle();
        leaf = to.leaf();
      }
      return to;
    }

    /**
     * Deletes up to {@code max} elements of the live run at {@code at} (in {@link #leaf}), from
     * {@code at} on, passing their ids to {@code deleted} if given; returns how many.
     */
    int delete(Sequence.Pos at, int max, LongConsumer deleted) {
      if (!leaf.hasRoom()) {
        settle();
        at = seq.room(leaf, at.offset(), false);
        leaf = at.leaf();
      }
      int m = Math.min(max, leaf.length(at.run()) - at.k());
      if (deleted != null) {
        for (int j = 0; j < m; j++) {
          deleted.accept(at.id() + j * SequenceLeaf.NEXT);
        }
      }
      seq.mark(at, m, false);
      dead += m;
      next = at.offset() + m;
      return m;
    }

    void settle() {
      if (leaf != null) {
        seq.addLive(leaf, -dead);
      }
      dead = 0;
    }
  }
}

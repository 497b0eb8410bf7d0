package dev.mero4j.crdt.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of a {@link Sequence}'s counted B+tree, and the bulk build of a tree from a snapshot.
 */
final class SequenceNodes {
  static final int INNER_CAPACITY = 32;

  private SequenceNodes() {}

  abstract static class Node {
    Inner parent;
    int live;
  }

  static final class Inner extends Node {
    final Node[] kids = new Node[INNER_CAPACITY + 1];
    int size;
  }

  /**
   * Fills the empty leaf {@code first} and new leaves chained after it with {@code n} elements in
   * document order, and returns the root of the full tree above them.
   */
  static Node build(SequenceLeaf first, long[] ids, int[] vals, int n) {
    List<Node> level = new ArrayList<>();
    level.add(first);
    SequenceLeaf leaf = first;
    for (int i = 0; i < n; i++) {
      if (!leaf.append(ids[i], vals[i])) {
        leaf.trim();
        leaf.live = leaf.countLive();
        SequenceLeaf next = new SequenceLeaf(leaf.isText());
        leaf.next = next;
        leaf = next;
        level.add(leaf);
        leaf.append(ids[i], vals[i]);
      }
    }
    leaf.trim();
    leaf.live = leaf.countLive();
    while (level.size() > 1) {
      List<Node> up = new ArrayList<>();
      for (int start = 0; start < level.size(); start += INNER_CAPACITY) {
        Inner inner = new Inner();
        for (int i = start; i < Math.min(level.size(), start + INNER_CAPACITY); i++) {
          Node kid = level.get(i);
          inner.kids[inner.size++] = kid;
          kid.parent = inner;
          inner.live += kid.live;
        }
        up.add(inner);
      }
      level = up;
    }
    return level.get(0);
  }
}

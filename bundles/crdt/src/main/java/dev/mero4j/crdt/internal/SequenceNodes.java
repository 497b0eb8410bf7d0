package dev.mero4j.crdt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

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
   * Fills the empty leaf {@code first} and new leaves chained after it with the elements of {@code
   * runCount} runs (first id; length with the deleted flag) in document order, and their code
   * points from {@code values}, and returns the root of the full tree above them.
   */
  static Node build(
      SequenceLeaf first, long[] runIds, int[] runLens, int runCount, IntSupplier values) {
    List<Node> level = new ArrayList<>();
    level.add(first);
    SequenceLeaf leaf = first;
    for (int r = 0; r < runCount; r++) {
      long id = runIds[r];
      int flag = runLens[r] & Sequence.DELETED;
      for (int left = runLens[r] & ~Sequence.DELETED; left > 0; ) {
        int took = leaf.appendRun(id, flag, left);
        if (took == 0) {
          leaf.finishLoad(values);
          SequenceLeaf next = new SequenceLeaf(leaf.isText());
          leaf.next = next;
          leaf = next;
          level.add(leaf);
        }
        id += took * SequenceLeaf.NEXT;
        left -= took;
      }
    }
    leaf.finishLoad(values);
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

  /**
   * Links {@code right} into the tree as the next sibling of {@code left}, splitting full inner
   * nodes on the way up; returns the new root if the tree grew a level, else null.
   */
  static Node addSibling(Node left, Node right) {
    Inner parent = left.parent;
    if (parent == null) {
      Inner top = new Inner();
      top.kids[0] = left;
      top.kids[1] = right;
      top.size = 2;
      top.live = left.live + right.live;
      left.parent = top;
      right.parent = top;
      return top;
    }
    int i = 0;
    while (parent.kids[i] != left) {
      i++;
    }
    System.arraycopy(parent.kids, i + 1, parent.kids, i + 2, parent.size - i - 1);
    parent.kids[i + 1] = right;
    parent.size++;
    right.parent = parent;
    return parent.size > INNER_CAPACITY ? splitInner(parent) : null;
  }

  private static Node splitInner(Inner inner) {
    Inner right = new Inner();
    int half = inner.size / 2;
    int moved = inner.size - half;
    int live = 0;
    for (int i = 0; i < moved; i++) {
      Node kid = inner.kids[half + i];
      inner.kids[half + i] = null;
      right.kids[i] = kid;
      kid.parent = right;
      live += kid.live;
    }
    right.size = moved;
    inner.size = half;
    right.live = live;
    inner.live -= live;
    return addSibling(inner, right);
  }
}

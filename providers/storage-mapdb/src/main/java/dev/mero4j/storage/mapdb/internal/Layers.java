package dev.mero4j.storage.mapdb.internal;

import dev.mero4j.storage.api.KeyRanges;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Sorted maps stacked on each other: the first layer that holds a key decides its value, and a
 * {@link #DELETED} value there hides the key in every layer below. The live view is the unflushed
 * writes over the B-tree; a snapshot puts its saved old values on top of that.
 */
final class Layers {
  /** A key deleted in an upper layer; compared by identity, never returned to callers. */
  static final byte[] DELETED = new byte[0];

  private Layers() {}

  /** Merges sorted layers, upper first, and leaves out deleted keys. */
  static Iterator<Map.Entry<byte[], byte[]>> merge(List<Iterator<Map.Entry<byte[], byte[]>>> tops) {
    return new Merged(tops);
  }

  private static final class Merged implements Iterator<Map.Entry<byte[], byte[]>> {
    private final List<Iterator<Map.Entry<byte[], byte[]>>> layers;
    private final List<Map.Entry<byte[], byte[]>> heads;
    private Map.Entry<byte[], byte[]> next;

    Merged(List<Iterator<Map.Entry<byte[], byte[]>>> layers) {
      this.layers = layers;
      this.heads = new ArrayList<>(layers.size());
      for (Iterator<Map.Entry<byte[], byte[]>> layer : layers) {
        heads.add(layer.hasNext() ? layer.next() : null);
      }
      advance();
    }

    private void advance() {
      next = null;
      while (next == null) {
        int best = -1;
        for (int i = 0; i < heads.size(); i++) {
          Map.Entry<byte[], byte[]> head = heads.get(i);
          if (head != null
              && (best < 0 || KeyRanges.compare(head.getKey(), heads.get(best).getKey()) < 0)) {
            best = i;
          }
        }
        if (best < 0) {
          return;
        }
        Map.Entry<byte[], byte[]> winner = heads.get(best);
        for (int i = 0; i < heads.size(); i++) {
          Map.Entry<byte[], byte[]> head = heads.get(i);
          if (head != null
              && (i == best || KeyRanges.compare(head.getKey(), winner.getKey()) == 0)) {
            Iterator<Map.Entry<byte[], byte[]>> layer = layers.get(i);
            heads.set(i, layer.hasNext() ? layer.next() : null);
          }
        }
        if (winner.getValue() != DELETED) {
          next = winner;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Map.Entry<byte[], byte[]> out = next;
      advance();
      return out;
    }
  }
}

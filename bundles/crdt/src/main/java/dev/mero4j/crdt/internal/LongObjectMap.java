package dev.mero4j.crdt.internal;

import java.util.Arrays;

/** An open-addressing map from non-zero longs to objects; no boxing, no deletion. */
final class LongObjectMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  LongObjectMap(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  void put(long key, V value) {
    if (key == 0) {
      throw new IllegalArgumentException("zero key");
    }
    if ((size + 1) * 4L > keys.length * 3L) {
      grow();
    }
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        @SuppressWarnings("unchecked")
        V value = (V) oldValues[i];
        put(oldKeys[i], value);
      }
    }
    Arrays.fill(oldValues, null);
  }
}

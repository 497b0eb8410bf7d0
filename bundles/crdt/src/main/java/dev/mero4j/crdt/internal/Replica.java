package dev.mero4j.crdt.internal;

import dev.mero4j.primitives.PublicKey;

/** A replica key interned in one state, with its local (non-replicated) index. */
public final class Replica implements Comparable<Replica> {
  final PublicKey key;
  final int index;

  Replica(PublicKey key, int index) {
    this.key = key;
    this.index = index;
  }

  public PublicKey key() {
    return key;
  }

  @Override
  public int compareTo(Replica o) {
    return this == o ? 0 : key.compareTo(o.key);
  }

  @Override
  public String toString() {
    return key.toHex().substring(0, 8);
  }
}

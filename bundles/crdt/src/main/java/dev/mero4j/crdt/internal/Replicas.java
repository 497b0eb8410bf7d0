package dev.mero4j.crdt.internal;

import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interns replica keys to small local indexes; indexes never leave the process. */
public final class Replicas {
  /** Indexes are packed into 24 bits of a sequence element id. */
  static final int MAX_REPLICAS = 1 << 24;

  private final Map<PublicKey, Replica> byKey = new HashMap<>();
  private final List<Replica> byIndex = new ArrayList<>();

  /**
   * The replica {@link #intern} returned last: the actions of a delta name one or two replicas over
   * and over. Readers may race on it; a {@link Replica}'s fields are final, so any value read is
   * whole.
   */
  private Replica last;

  public Replica intern(PublicKey key) {
    Replica r = last;
    if (r != null && r.key.equals(key)) {
      return r;
    }
    r = byKey.get(key);
    if (r == null) {
      if (byIndex.size() >= MAX_REPLICAS) {
        throw new IllegalStateException("too many replicas in one context");
      }
      r = new Replica(key, byIndex.size());
      byKey.put(key, r);
      byIndex.add(r);
    }
    last = r;
    return r;
  }

  public Replica get(int index) {
    return byIndex.get(index);
  }

  public int size() {
    return byIndex.size();
  }

  /** Orders two replica indexes by their keys, the only order that is the same everywhere. */
  int compare(int a, int b) {
    return a == b ? 0 : byIndex.get(a).key.compareTo(byIndex.get(b).key);
  }
}

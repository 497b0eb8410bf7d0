package dev.mero4j.crdt.internal;

import java.util.Map;
import java.util.TreeMap;

/** Per-replica running totals of a G- or PN-counter; merge takes the per-slot maximum. */
public final class CounterSlots {
  final TreeMap<Replica, long[]> slots = new TreeMap<>();

  /** Raises {@code replica}'s totals; returns whether anything changed. */
  boolean raise(Replica replica, long positive, long negative) {
    long[] slot = slots.computeIfAbsent(replica, r -> new long[2]);
    boolean changed = positive > slot[0] || negative > slot[1];
    slot[0] = Math.max(slot[0], positive);
    slot[1] = Math.max(slot[1], negative);
    return changed;
  }

  public long positive(Replica replica) {
    long[] slot = slots.get(replica);
    return slot == null ? 0 : slot[0];
  }

  public long negative(Replica replica) {
    long[] slot = slots.get(replica);
    return slot == null ? 0 : slot[1];
  }

  /** Σ positive − Σ negative. */
  public long value() {
    long sum = 0;
    for (long[] slot : slots.values()) {
      sum += slot[0] - slot[1];
    }
    return sum;
  }

  Map<Replica, long[]> view() {
    return slots;
  }
}

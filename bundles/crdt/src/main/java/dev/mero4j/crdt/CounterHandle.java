package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.CounterSlots;
import dev.mero4j.crdt.internal.Entity;

/** A G-counter or PN-counter with one slot per replica; the value is the sum of the slots. */
public final class CounterHandle {
  private final Transaction tx;
  private final Entity entity;

  CounterHandle(Transaction tx, Entity entity) {
    this.tx = tx;
    this.entity = entity;
  }

  public EntityId id() {
    return entity.id();
  }

  public long value() {
    CounterSlots slots = entity.counter();
    return slots == null ? 0 : slots.value();
  }

  /** Adds {@code delta}; negative deltas need a PN-counter. */
  public void increment(long delta) {
    if (delta < 0 && entity.type() != CrdtType.PN_COUNTER) {
      throw new IllegalArgumentException("a G-counter only grows");
    }
    CounterSlots slots = entity.counter();
    long pos = slots == null ? 0 : slots.positive(tx.selfReplica());
    long neg = slots == null ? 0 : slots.negative(tx.selfReplica());
    if (delta >= 0) {
      pos = Math.addExact(pos, delta);
    } else {
      neg = Math.addExact(neg, -delta);
    }
    tx.submit(new Action.CounterSet(entity.id(), pos, neg));
  }
}

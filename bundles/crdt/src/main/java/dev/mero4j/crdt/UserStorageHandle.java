package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.ByteKey;
import dev.mero4j.crdt.internal.Entity;
import dev.mero4j.primitives.PublicKey;
import java.util.Optional;

/** One last-writer-wins slot per identity; only that identity's signed deltas write it. */
public final class UserStorageHandle {
  private final Transaction tx;
  private final Entity entity;

  UserStorageHandle(Transaction tx, Entity entity) {
    this.tx = tx;
    this.entity = entity;
  }

  public EntityId id() {
    return entity.id();
  }

  /** Sets this replica's own slot. */
  public void put(byte[] value) {
    tx.submit(new Action.UserPut(entity.id(), value));
  }

  public Optional<byte[]> get(PublicKey owner) {
    Entity slot = entity.child(ByteKey.copyOf(owner.toBytes()));
    return slot == null || !tx.tree().isVisible(slot) || slot.type() != CrdtType.LWW_REGISTER
        ? Optional.empty()
        : Optional.of(slot.value().clone());
  }

  /** This replica's own slot. */
  public Optional<byte[]> mine() {
    return get(tx.selfReplica().key());
  }
}

package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.ByteKey;
import dev.mero4j.crdt.internal.Entity;
import dev.mero4j.primitives.Hash;
import java.util.Optional;

/** Content-addressed, immutable values: the key of a value is its SHA-256, first write wins. */
public final class FrozenStorageHandle {
  private final Transaction tx;
  private final Entity entity;

  FrozenStorageHandle(Transaction tx, Entity entity) {
    this.tx = tx;
    this.entity = entity;
  }

  public EntityId id() {
    return entity.id();
  }

  /** Stores {@code value} and returns its key. */
  public Hash put(byte[] value) {
    Hash key = Hash.sha256(value);
    if (get(key).isEmpty()) {
      tx.submit(new Action.FrozenPut(entity.id(), value));
    }
    return key;
  }

  public Optional<byte[]> get(Hash key) {
    Entity e = entity.child(ByteKey.copyOf(key.toBytes()));
    return e == null || e.type() != CrdtType.LWW_REGISTER
        ? Optional.empty()
        : Optional.of(e.value().clone());
  }
}

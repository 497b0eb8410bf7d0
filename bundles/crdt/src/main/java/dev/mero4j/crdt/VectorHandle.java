package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.ByteKey;
import dev.mero4j.crdt.internal.Entity;
import dev.mero4j.crdt.internal.Sequence;
import java.util.Optional;

/**
 * A list CRDT of values or nested collections with stable element identities: concurrent inserts at
 * one index all survive (ordered like RGA text); set and remove address the element, not the index,
 * so they never hit a neighbour.
 */
public final class VectorHandle {
  private final Transaction tx;
  private final Entity entity;

  VectorHandle(Transaction tx, Entity entity) {
    this.tx = tx;
    this.entity = entity;
  }

  public EntityId id() {
    return entity.id();
  }

  public int size() {
    Sequence seq = entity.sequence();
    return seq == null ? 0 : seq.size();
  }

  /** The stable id of the element at {@code index}. */
  public ElementId elementAt(int index) {
    checkIndex(index, size());
    return tx.tree().elementId(entity.sequence().liveAt(index).id());
  }

  /** The register value at {@code index}; empty if the element holds a collection. */
  public Optional<byte[]> get(int index) {
    Entity element = element(index);
    return element.type() == CrdtType.LWW_REGISTER
        ? Optional.of(element.value().clone())
        : Optional.empty();
  }

  public void insert(int index, byte[] value) {
    insertElement(index, CrdtType.LWW_REGISTER, value);
  }

  public void push(byte[] value) {
    insert(size(), value);
  }

  /** Inserts a nested map at {@code index} and returns it. */
  public MapHandle insertMap(int index) {
    return new MapHandle(tx, insertElement(index, CrdtType.UNORDERED_MAP, new byte[0]));
  }

  /** The nested map at {@code index}. */
  public MapHandle mapAt(int index) {
    return new MapHandle(tx, element(index));
  }

  /** Replaces the value of the element at {@code index} (last writer wins per element). */
  public void set(int index, byte[] value) {
    tx.submit(new Action.Put(entity.id(), elementAt(index).toKey(), value));
  }

  public void remove(int index) {
    tx.submit(new Action.Remove(entity.id(), elementAt(index).toKey()));
  }

  private Entity insertElement(int index, CrdtType type, byte[] value) {
    checkIndex(index, size() + 1);
    ElementId origin = index == 0 ? ElementId.HEAD : elementAt(index - 1);
    long counter = tx.cursor();
    tx.submit(new Action.ListInsert(entity.id(), origin, type, value));
    return entity.child(ByteKey.copyOf(new ElementId(tx.selfReplica().key(), counter).toKey()));
  }

  private Entity element(int index) {
    return entity.child(ByteKey.copyOf(elementAt(index).toKey()));
  }

  private static void checkIndex(int index, int bound) {
    if (index < 0 || index >= bound) {
      throw new IndexOutOfBoundsException(index + " of " + bound);
    }
  }
}

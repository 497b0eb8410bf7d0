package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.primitives.Hash;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One node of the state tree. Its type and register value are last-writer-wins by {@code
 * typeStamp}; {@code updated} is the newest write anywhere in its subtree; it is visible while
 * {@code updated} is after every tombstone on its path from the root.
 */
public final class Entity {
  final EntityId id;
  final Entity parent;
  final ByteKey key;
  CrdtType type = CrdtType.NONE;
  Stamp typeStamp;
  Stamp updated;
  Stamp tombstone;

  /** Set once the entity was ever a user or frozen storage; such entities never change type. */
  CrdtType protectedAs;

  byte[] value;
  Map<ByteKey, Entity> children;
  ChildTrie trie;
  CounterSlots counter;
  Sequence sequence;
  Hash hash;
  boolean hashValid;

  /** Levels below the root (the root is 0), at most {@link EntityId#MAX_DEPTH}. */
  final int depth;

  Entity(EntityId id, Entity parent, ByteKey key) {
    this.id = id;
    this.parent = parent;
    this.key = key;
    this.depth = parent == null ? 0 : parent.depth + 1;
  }

  public EntityId id() {
    return id;
  }

  public CrdtType type() {
    return type;
  }

  public Entity parent() {
    return parent;
  }

  public byte[] key() {
    return key.toBytes();
  }

  public byte[] value() {
    return value;
  }

  /** The write that set the current type (and register value); null for a placeholder. */
  public Stamp typeStamp() {
    return typeStamp;
  }

  /** The newest removal of this entity itself (not of its ancestors), or null. */
  public Stamp tombstone() {
    return tombstone;
  }

  public Sequence sequence() {
    return sequence;
  }

  public CounterSlots counter() {
    return counter;
  }

  public Entity child(ByteKey k) {
    return children == null ? null : children.get(k);
  }

  public Collection<Entity> children() {
    return children == null ? Collections.emptyList() : children.values();
  }

  /** Children in unsigned key order, or null when this entity does not keep them sorted. */
  public NavigableMap<ByteKey, Entity> sortedChildren() {
    return children instanceof NavigableMap<ByteKey, Entity> m ? m : null;
  }

  int childCount() {
    return children == null ? 0 : children.size();
  }

  Entity addChild(ByteKey k, EntityId childId, boolean sorted) {
    if (children == null) {
      children = sorted ? new TreeMap<>() : new HashMap<>();
      trie = new ChildTrie();
    } else if (sorted && !(children instanceof TreeMap)) {
      children = new TreeMap<>(children);
    }
    Entity child = new Entity(childId, this, k);
    children.put(k, child);
    trie.add(child);
    return child;
  }

  void removeChild(Entity child) {
    children.remove(child.key);
    trie.remove(child);
  }

  @Override
  public String toString() {
    return "Entity[" + type + " " + id.toHex().substring(0, 8) + "]";
  }
}

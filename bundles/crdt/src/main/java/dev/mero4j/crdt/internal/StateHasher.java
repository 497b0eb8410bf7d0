package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.CrdtType;
import dev.mero4j.primitives.Hash;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Computes entity hashes lazily: a write invalidates one path (entity, its parent's trie path,
 * ancestors) and the next {@link #rootHash()} rehashes only that path.
 *
 * <pre>
 *   hash(e) = SHA-256("E" ‖ id ‖ type ‖ payload)   for a visible entity, absent otherwise
 *   payload: register  → stamp ‖ value       (frozen entries: value only)
 *            counter   → Σ over slots sorted by replica key: key ‖ pos ‖ neg
 *            map/set   → trie hash of children
 *            rga       → sequence checksum
 *            vector    → sequence checksum ‖ trie hash of element entities
 * </pre>
 */
final class StateHasher {
  private static final byte ENTITY_TAG = 'E';

  private final StateTree tree;
  private final MessageDigest digest = Hash.newDigest();

  StateHasher(StateTree tree) {
    this.tree = tree;
  }

  Hash rootHash() {
    return hashOf(tree.root, null);
  }

  /** Hash of {@code e} under a visible parent whose effective tombstone is {@code above}. */
  private Hash hashOf(Entity e, Stamp above) {
    if (e.hashValid) {
      return e.hash;
    }
    Stamp t = Stamp.max(above, e.tombstone);
    Hash h;
    if (e.parent != null && (e.type == CrdtType.NONE || !Stamp.after(e.updated, t))) {
      h = null;
    } else {
      h = compute(e, t);
    }
    e.hash = h;
    e.hashValid = true;
    return h;
  }

  private Hash compute(Entity e, Stamp t) {
    Hash children = Hash.ZERO;
    if (StateTree.holdsChildren(e.type) && e.trie != null) {
      children = e.trie.hash(child -> hashOf(child, t), digest);
    }
    Hash checksum = e.sequence == null ? Hash.ZERO : e.sequence.checksum(digest);
    digest.reset();
    digest.update(ENTITY_TAG);
    digest.update(e.id.toBytes());
    digest.update((byte) e.type.tag());
    switch (e.type) {
      case LWW_REGISTER -> {
        if (e.parent.type != CrdtType.FROZEN_STORAGE) {
          updateStamp(e.typeStamp);
        }
        digest.update(e.value);
      }
      case G_COUNTER, PN_COUNTER -> {
        if (e.counter != null) {
          for (Map.Entry<Replica, long[]> slot : e.counter.view().entrySet()) {
            digest.update(slot.getKey().key.toBytes());
            updateLong(slot.getValue()[0]);
            updateLong(slot.getValue()[1]);
          }
        }
      }
      case RGA -> digest.update(checksum.toBytes());
      case VECTOR -> {
        digest.update(checksum.toBytes());
        digest.update(children.toBytes());
      }
      default -> digest.update(children.toBytes());
    }
    return Hash.of(digest.digest());
  }

  private void updateStamp(Stamp s) {
    updateLong(s.time());
    digest.update(s.replica().key.toBytes());
    updateLong(s.seq());
  }

  private void updateLong(long v) {
    for (int i = 0; i < 8; i++) {
      digest.update((byte) (v >>> (8 * i)));
    }
  }
}

package dev.mero4j.crdt.internal;

import dev.mero4j.primitives.Hash;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * A 16-ary hash trie over the ids of an entity's children: the Merkle structure of one container.
 *
 * <pre>
 *   node = 16 slots, slot i = child whose id nibble at this depth is i (entity or sub-node)
 *   hash(node) = ZERO            if no visible entity below
 *              = hash(entity)    if exactly one visible entity below
 *              = SHA-256("N" ‖ (i ‖ hash(slot i)) for each non-empty slot)   otherwise
 * </pre>
 *
 * The hash depends only on the set of visible children, never on insertion order or on invisible
 * children still stored, and a write rehashes only the nodes on one root-to-leaf path: O(log16 K).
 */
final class ChildTrie {
  private static final byte NODE_TAG = 'N';

  private static final class Node {
    final Object[] slots = new Object[16];
    Hash hash;
    int visible;
    boolean valid;
  }

  private Node root = new Node();

  void add(Entity child) {
    Node node = root;
    for (int depth = 0; ; depth++) {
      node.valid = false;
      int i = nibble(child, depth);
      Object slot = node.slots[i];
      if (slot == null) {
        node.slots[i] = child;
        return;
      }
      if (slot instanceof Node next) {
        node = next;
        continue;
      }
      Entity other = (Entity) slot;
      Node split = new Node();
      split.slots[nibble(other, depth + 1)] = other;
      node.slots[i] = split;
      node = split;
    }
  }

  void remove(Entity child) {
    Node node = root;
    for (int depth = 0; node != null; depth++) {
      node.valid = false;
      int i = nibble(child, depth);
      Object slot = node.slots[i];
      if (slot == child) {
        node.slots[i] = null;
        return;
      }
      node = slot instanceof Node next ? next : null;
    }
  }

  /** Marks the path to {@code child} for rehashing. */
  void invalidate(Entity child) {
    Node node = root;
    for (int depth = 0; node != null; depth++) {
      node.valid = false;
      Object slot = node.slots[nibble(child, depth)];
      node = slot instanceof Node next ? next : null;
    }
  }

  void invalidateAll() {
    invalidateAll(root);
  }

  /** The Merkle hash; {@code leafHash} returns null for an invisible child. */
  Hash hash(Function<Entity, Hash> leafHash, MessageDigest digest) {
    compute(root, leafHash, digest);
    return root.hash;
  }

  private static void compute(Node node, Function<Entity, Hash> leafHash, MessageDigest digest) {
    if (node.valid) {
      return;
    }
    Hash[] hashes = new Hash[16];
    Hash single = Hash.ZERO;
    int visible = 0;
    for (int i = 0; i < 16; i++) {
      Object slot = node.slots[i];
      if (slot instanceof Node sub) {
        compute(sub, leafHash, digest);
        if (sub.visible > 0) {
          hashes[i] = sub.hash;
          visible += sub.visible;
          single = sub.hash;
        }
      } else if (slot instanceof Entity e) {
        Hash h = leafHash.apply(e);
        if (h != null) {
          hashes[i] = h;
          visible++;
          single = h;
        }
      }
    }
    node.visible = Math.min(visible, 2);
    if (visible == 0) {
      node.hash = Hash.ZERO;
    } else if (visible == 1) {
      node.hash = single;
    } else {
      digest.reset();
      digest.update(NODE_TAG);
      for (int i = 0; i < 16; i++) {
        if (hashes[i] != null) {
          digest.update((byte) i);
          digest.update(hashes[i].toBytes());
        }
      }
      node.hash = Hash.of(digest.digest());
    }
    node.valid = true;
  }

  private static void invalidateAll(Node node) {
    node.valid = false;
    for (Object slot : node.slots) {
      if (slot instanceof Node sub) {
        invalidateAll(sub);
      }
    }
  }

  private static int nibble(Entity e, int depth) {
    int b = e.id.byteAt(depth >> 1) & 0xff;
    return (depth & 1) == 0 ? b >>> 4 : b & 0x0f;
  }
}

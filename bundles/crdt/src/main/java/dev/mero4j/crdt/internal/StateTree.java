package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.ElementId;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.InvalidActionException;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entity tree of one context and the rules that apply actions to it. Local commits and remote
 * deltas run through the same {@link #apply} so both sides reach the same state; the only local
 * shortcuts ({@link #insertTextAt}, {@link #deleteTextAt}) produce exactly the actions they apply.
 */
@SuppressWarnings("ReferenceEquality") // INVISIBLE is a sentinel stamp, compared by identity
public final class StateTree {
  /** Marker for "not visible" in effective-tombstone computations. */
  private static final Stamp INVISIBLE = new Stamp(Long.MIN_VALUE, null, -1);

  final Replicas replicas = new Replicas();
  final Map<EntityId, Entity> entities = new HashMap<>();
  final Entity root;
  private final StateHasher hasher = new StateHasher(this);

  public StateTree() {
    root = new Entity(EntityId.ROOT, null, new ByteKey(new byte[0]));
    root.type = CrdtType.UNORDERED_MAP;
    entities.put(root.id, root);
  }

  public Replicas replicas() {
    return replicas;
  }

  public Entity root() {
    return root;
  }

  public Entity get(EntityId id) {
    return entities.get(id);
  }

  public int entityCount() {
    return entities.size();
  }

  /**
   * The Merkle root. Synchronized because it fills the lazy hash caches and shares one digest:
   * readers that share a state (the runtime's read lock) may call it at once.
   */
  public synchronized Hash rootHash() {
    return hasher.rootHash();
  }

  /** Applies one action stamped {@code s}; returns the element counter cursor after it. */
  public long apply(Action action, Stamp s, long cursor) {
    Entity target = entities.get(action.target());
    if (action instanceof Action.Put p) {
      putValue(childOrCreate(target, new ByteKey(p.key())), p.value(), s);
    } else if (action instanceof Action.Remove r) {
      remove(childOrCreate(target, new ByteKey(r.key())), s);
    } else if (action instanceof Action.Create c) {
      create(childOrCreate(target, new ByteKey(c.key())), c.type(), s);
    } else if (action instanceof Action.CounterSet c) {
      if (target.counter == null) {
        target.counter = new CounterSlots();
      }
      target.counter.raise(s.replica(), c.positive(), c.negative());
      touch(target, s);
    } else if (action instanceof Action.TextInsert t) {
      cursor = insertText(target, t.origin(), t.text(), s, cursor);
    } else if (action instanceof Action.TextDelete d) {
      deleteText(target, d.first(), d.count(), s);
    } else if (action instanceof Action.ListInsert l) {
      insertElement(target, l, s, cursor);
      cursor++;
    } else if (action instanceof Action.UserPut u) {
      putValue(childOrCreate(target, new ByteKey(s.replica().key.toBytes())), u.value(), s);
    } else if (action instanceof Action.FrozenPut f) {
      frozenPut(childOrCreate(target, new ByteKey(Hash.sha256(f.value()).toBytes())), f.value(), s);
    }
    return cursor;
  }

  /**
   * Applies the actions of a validated remote delta, each stamped with {@code hlc}, {@code replica}
   * and its index, as {@link #apply} on each in order would; returns the cursor after them.
   */
  public long applyAll(List<Action> actions, long hlc, Replica replica, long cursor) {
    return DeltaApplier.apply(this, actions, hlc, replica, cursor);
  }

  /** Local insert of {@code text} at live index {@code index}; returns the action it applied. */
  public Action.TextInsert insertTextAt(
      Entity text, int index, String value, Stamp s, long cursor) {
    Sequence seq = sequenceOf(text, true);
    Sequence.Pos p = index == 0 ? null : seq.liveAt(index - 1);
    ElementId origin = p == null ? ElementId.HEAD : elementId(p.id());
    int author = s.replica().index;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      long id = Sequence.pack(cursor++, author);
      p = p == null ? seq.insertFirst(id, cp) : seq.insertAfter(p, id, cp);
    }
    touch(text, s);
    return new Action.TextInsert(text.id, origin, value);
  }

  /**
   * Local delete of {@code count} live elements from {@code index}; returns the actions. The caller
   * records them and then {@link #touch}es the text with the last action's stamp.
   */
  public List<Action> deleteTextAt(Entity text, int index, int count) {
    Sequence seq = sequenceOf(text, true);
    List<Action> actions = new ArrayList<>(1);
    long[] run = {0, 0}; // start id, length
    SequenceRanges.deleteLive(
        seq,
        index,
        count,
        id -> {
          if (run[1] > 0 && id == run[0] + (run[1] << 24)) {
            run[1]++;
            return;
          }
          if (run[1] > 0) {
            actions.add(new Action.TextDelete(text.id, elementId(run[0]), (int) run[1]));
          }
          run[0] = id;
          run[1] = 1;
        });
    if (run[1] > 0) {
      actions.add(new Action.TextDelete(text.id, elementId(run[0]), (int) run[1]));
    }
    return actions;
  }

  public ElementId elementId(long packed) {
    return new ElementId(replicas.get(Sequence.replicaOf(packed)).key, Sequence.counterOf(packed));
  }

  public long pack(ElementId element) {
    return element.isHead()
        ? 0
        : Sequence.pack(element.counter(), replicas.intern(element.replica()).index);
  }

  /** Whether {@code e} and every entity above it are visible. */
  public boolean isVisible(Entity e) {
    return effectiveTombstone(e) != INVISIBLE;
  }

  /** The child under {@code key}, created (as an invisible placeholder) when absent. */
  Entity childOrCreate(Entity parent, ByteKey key) {
    Entity child = parent.child(key);
    if (child == null) {
      if (parent.depth >= EntityId.MAX_DEPTH) {
        throw new InvalidActionException(
            "collections nest at most " + EntityId.MAX_DEPTH + " levels below the root");
      }
      child = parent.addChild(key, parent.id.child(key.bytes), parent.type.isSorted());
      entities.put(child.id, child);
    }
    return child;
  }

  Sequence sequenceOf(Entity e, boolean text) {
    if (e.sequence == null) {
      e.sequence = new Sequence(replicas, text);
    }
    return e.sequence;
  }

  private void putValue(Entity e, byte[] value, Stamp s) {
    if (Stamp.after(s, e.typeStamp)) {
      e.type = CrdtType.LWW_REGISTER;
      e.value = value;
      e.typeStamp = s;
    }
    touch(e, s);
  }

  private void create(Entity e, CrdtType type, Stamp s) {
    if (Stamp.after(s, e.typeStamp)) {
      e.type = type;
      e.value = null;
      e.typeStamp = s;
      if (type == CrdtType.USER_STORAGE || type == CrdtType.FROZEN_STORAGE) {
        e.protectedAs = type;
      }
      if (type.isSorted() && e.children != null) {
        e.children = new java.util.TreeMap<>(e.children);
      }
      if (type == CrdtType.VECTOR) {
        refreshAllElements(e);
      }
    }
    touch(e, s);
  }

  private void remove(Entity e, Stamp s) {
    if (Stamp.after(s, e.tombstone)) {
      e.tombstone = s;
      invalidateSubtree(e);
      touch(e, null);
    }
  }

  private void frozenPut(Entity e, byte[] value, Stamp s) {
    if (e.type == CrdtType.NONE) {
      e.type = CrdtType.LWW_REGISTER;
      e.value = value;
      e.typeStamp = s;
    } else if (s.compareTo(e.typeStamp) < 0) {
      e.typeStamp = s;
    }
    touch(e, s);
  }

  private long insertText(Entity target, ElementId origin, String text, Stamp s, long cursor) {
    Sequence seq = sequenceOf(target, true);
    int author = s.replica().index;
    int length = text.codePointCount(0, text.length());
    if (seq.contains(Sequence.pack(cursor, author))) {
      return cursor + length;
    }
    Sequence.Pos p = null;
    long originId = pack(origin);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      long id = Sequence.pack(cursor++, author);
      p = p == null ? seq.integrate(originId, id, cp) : seq.insertAfter(p, id, cp);
    }
    touch(target, s);
    return cursor;
  }

  private void deleteText(Entity target, ElementId first, int count, Stamp s) {
    Sequence seq = sequenceOf(target, true);
    int replica = replicas.intern(first.replica()).index;
    SequenceRanges.deleteRun(seq, Sequence.pack(first.counter(), replica), count);
    touch(target, s);
  }

  private void insertElement(Entity vector, Action.ListInsert l, Stamp s, long cursor) {
    Sequence seq = sequenceOf(vector, false);
    long id = Sequence.pack(cursor, s.replica().index);
    if (!seq.contains(id)) {
      seq.integrate(pack(l.origin()), id, Sequence.DELETED);
    }
    Entity element =
        childOrCreate(vector, new ByteKey(new ElementId(s.replica().key, cursor).toKey()));
    if (l.type() == CrdtType.LWW_REGISTER) {
      putValue(element, l.value(), s);
    } else {
      create(element, l.type(), s);
    }
  }

  /** Records a write at {@code s} (null: only invalidate) on {@code e} and its ancestors. */
  public void touch(Entity e, Stamp s) {
    for (Entity x = e; x != null; x = x.parent) {
      if (s != null && Stamp.after(s, x.updated)) {
        x.updated = s;
      }
      x.hashValid = false;
      Entity parent = x.parent;
      if (parent != null) {
        parent.trie.invalidate(x);
        if (parent.type == CrdtType.VECTOR && parent.sequence != null) {
          refreshElement(parent, x);
        }
      }
    }
  }

  private void invalidateSubtree(Entity e) {
    e.hashValid = false;
    if (e.trie != null) {
      e.trie.invalidateAll();
    }
    if (e.type == CrdtType.VECTOR) {
      refreshAllElements(e);
    }
    for (Entity child : e.children()) {
      invalidateSubtree(child);
    }
  }

  private void refreshAllElements(Entity vector) {
    if (vector.sequence != null) {
      for (Entity element : vector.children()) {
        refreshElement(vector, element);
      }
    }
  }

  private void refreshElement(Entity vector, Entity element) {
    byte[] k = element.key.bytes;
    if (k.length != 40) {
      return;
    }
    long counter = 0;
    for (int i = 0; i < 8; i++) {
      counter = counter << 8 | (k[32 + i] & 0xff);
    }
    int replica = replicas.intern(PublicKey.of(java.util.Arrays.copyOf(k, 32))).index;
    Sequence.Pos pos = vector.sequence.locate(Sequence.pack(counter, replica));
    if (pos != null) {
      Stamp t = effectiveTombstone(vector);
      boolean live =
          t != INVISIBLE
              && element.type != CrdtType.NONE
              && Stamp.after(element.updated, Stamp.max(t, element.tombstone));
      vector.sequence.setLive(pos, live);
    }
  }

  /** Max tombstone on the path to {@code e}, or {@link #INVISIBLE}. */
  Stamp effectiveTombstone(Entity e) {
    if (e.parent == null) {
      return null;
    }
    Stamp above = effectiveTombstone(e.parent);
    if (above == INVISIBLE || !holdsChildren(e.parent.type)) {
      return INVISIBLE;
    }
    Stamp t = Stamp.max(above, e.tombstone);
    return e.type == CrdtType.NONE || !Stamp.after(e.updated, t) ? INVISIBLE : t;
  }

  static boolean holdsChildren(CrdtType type) {
    return type.isKeyed() || type == CrdtType.VECTOR;
  }

  /**
   * Drops invisible subtrees whose tombstone is older than {@code beforeHlc}; they no longer count
   * in any hash, so the root hash is unchanged. Returns the number of entities dropped.
   */
  public int collectGarbage(long beforeHlc) {
    return collectBefore(root, null, beforeHlc);
  }

  private int collectBefore(Entity e, Stamp parentTomb, long beforeHlc) {
    int dropped = 0;
    Stamp t = Stamp.max(parentTomb, e.tombstone);
    for (Entity child : new ArrayList<>(e.children())) {
      Stamp ct = Stamp.max(t, child.tombstone);
      boolean dead = ct != null && ct.time() < beforeHlc && !Stamp.after(child.updated, ct);
      if (dead) {
        dropped += drop(e, child);
      } else {
        dropped += collectBefore(child, t, beforeHlc);
      }
    }
    return dropped;
  }

  private int drop(Entity parent, Entity child) {
    int count = 1;
    for (Entity grandChild : new ArrayList<>(child.children())) {
      count += drop(child, grandChild);
    }
    parent.removeChild(child);
    entities.remove(child.id);
    touch(parent, null);
    return count;
  }
}

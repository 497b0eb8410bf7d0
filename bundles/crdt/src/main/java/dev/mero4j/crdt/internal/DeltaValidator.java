package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.CrdtType;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.ElementId;
import dev.mero4j.crdt.EntityId;
import dev.mero4j.crdt.InvalidActionException;
import dev.mero4j.crdt.UnauthorizedActionException;
import dev.mero4j.primitives.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks every action of a remote delta against the state before any is applied, so a delta is
 * applied whole or not at all: targets and origins must exist (or be created earlier in the same
 * delta), and user slots and frozen storage must be respected.
 */
public final class DeltaValidator {
  /** What the validator knows about an entity: its protection and who owns its user slot. */
  private record Guard(
      boolean frozen, PublicKey owner, CrdtType protectedAs, boolean text, int depth) {}

  private final StateTree tree;
  private final Delta delta;
  private final PublicKey author;
  private final Map<EntityId, Guard> created = new HashMap<>();
  private final Map<EntityId, long[]> insertedRanges = new HashMap<>();
  private long cursor;

  /**
   * Look-ups of the last target, reused while the actions name the same id, as a run of text edits
   * does: its guard (dropped whenever {@link #created} changes), its entity in the tree (which
   * validation never changes) and the counters this delta inserted into it so far.
   */
  private EntityId lastGuardId;

  private Guard lastGuard;
  private EntityId lastEntityId;
  private Entity lastEntity;
  private EntityId lastRangeId;
  private long[] lastRange;

  private DeltaValidator(StateTree tree, Delta delta) {
    this.tree = tree;
    this.delta = delta;
    this.author = delta.author();
    this.cursor = delta.lamport();
  }

  public static void validate(StateTree tree, Delta delta) {
    new DeltaValidator(tree, delta).run();
  }

  private void run() {
    if (delta.lamport() + delta.counterSpan() > ElementId.MAX_COUNTER) {
      throw new InvalidActionException("element counters overflow");
    }
    for (Action action : delta.actions()) {
      Guard guard = guardOf(action.target());
      if (guard.frozen && !(action instanceof Action.FrozenPut)) {
        throw new UnauthorizedActionException("frozen storage is immutable");
      }
      if (guard.owner != null && !guard.owner.equals(author)) {
        throw new UnauthorizedActionException("user slot belongs to " + guard.owner);
      }
      check(action, guard);
    }
  }

  private void check(Action action, Guard guard) {
    if (action instanceof Action.Put p) {
      keyed(action.target(), p.key(), guard, CrdtType.LWW_REGISTER);
    } else if (action instanceof Action.Remove r) {
      keyed(action.target(), r.key(), guard, CrdtType.NONE);
    } else if (action instanceof Action.Create c) {
      keyed(action.target(), c.key(), guard, c.type());
    } else if (action instanceof Action.UserPut) {
      require(guard.protectedAs == CrdtType.USER_STORAGE, "UserPut needs a user storage");
      addChild(action.target(), author.toBytes(), guard, CrdtType.LWW_REGISTER);
    } else if (action instanceof Action.FrozenPut f) {
      require(guard.protectedAs == CrdtType.FROZEN_STORAGE, "FrozenPut needs a frozen storage");
      byte[] key = dev.mero4j.primitives.Hash.sha256(f.value()).toBytes();
      EntityId childId = action.target().child(key);
      if (tree.get(childId) == null) {
        requireDepth(guard);
      }
      created.putIfAbsent(childId, new Guard(true, null, null, false, guard.depth + 1));
      lastGuardId = null;
    } else if (action instanceof Action.TextInsert t) {
      sequence(t.target(), true);
      origin(t.target(), t.origin());
      record(t.target(), t.length());
    } else if (action instanceof Action.TextDelete d) {
      sequence(d.target(), true);
      deletedRun(d);
    } else if (action instanceof Action.ListInsert l) {
      sequence(l.target(), false);
      origin(l.target(), l.origin());
      byte[] key = new ElementId(author, cursor).toKey();
      record(l.target(), 1);
      addChild(l.target(), key, guard, l.type());
    }
  }

  private void keyed(EntityId target, byte[] key, Guard guard, CrdtType type) {
    if (guard.protectedAs == CrdtType.USER_STORAGE && !Arrays.equals(key, author.toBytes())) {
      throw new UnauthorizedActionException("only the owner writes a user slot");
    }
    if (guard.protectedAs == CrdtType.FROZEN_STORAGE) {
      throw new UnauthorizedActionException("frozen storage only takes FrozenPut");
    }
    EntityId childId = target.child(key);
    Entity existing = tree.get(childId);
    if (existing != null && existing.protectedAs != null && existing.protectedAs != type) {
      throw new UnauthorizedActionException("a " + existing.protectedAs + " never changes type");
    }
    addChild(target, key, guard, type);
  }

  private void addChild(EntityId target, byte[] key, Guard parent, CrdtType type) {
    PublicKey owner = parent.owner;
    if (parent.protectedAs == CrdtType.USER_STORAGE) {
      owner = author;
    }
    CrdtType protectedAs =
        type == CrdtType.USER_STORAGE || type == CrdtType.FROZEN_STORAGE ? type : null;
    EntityId childId = target.child(key);
    if (tree.get(childId) == null) {
      requireDepth(parent);
    }
    created.put(
        childId,
        new Guard(
            type == CrdtType.FROZEN_STORAGE,
            owner,
            protectedAs,
            type == CrdtType.RGA,
            parent.depth + 1));
    lastGuardId = null;
  }

  private static void requireDepth(Guard parent) {
    if (parent.depth >= EntityId.MAX_DEPTH) {
      throw new InvalidActionException(
          "collections nest at most " + EntityId.MAX_DEPTH + " levels below the root");
    }
  }

  private void sequence(EntityId target, boolean text) {
    Entity e = entity(target);
    if (e != null && e.sequence != null && e.sequence.isText() != text) {
      throw new InvalidActionException("entity holds a " + (text ? "vector" : "text"));
    }
  }

  private void record(EntityId target, long length) {
    long[] range = range(target);
    if (range == null) {
      range = new long[] {cursor, cursor + length};
      insertedRanges.put(target, range);
      lastRangeId = target;
      lastRange = range;
    } else {
      range[1] = cursor + length;
    }
    cursor += length;
  }

  private void origin(EntityId target, ElementId origin) {
    if (origin.isHead()) {
      return;
    }
    long[] range = range(target);
    if (range != null
        && origin.replica().equals(author)
        && origin.counter() >= range[0]
        && origin.counter() < range[1]) {
      return;
    }
    Entity e = entity(target);
    if (e == null || e.sequence == null || !e.sequence.contains(tree.pack(origin))) {
      throw new InvalidActionException("unknown element " + origin);
    }
  }

  /**
   * A TextDelete names existing elements only; one walk checks the whole run, O(1) per element
   * where they sit together.
   */
  private void deletedRun(Action.TextDelete d) {
    long last = d.first().counter() + d.count() - 1L;
    if (d.first().isHead() || last > ElementId.MAX_COUNTER) {
      throw new InvalidActionException("text delete outside the element range");
    }
    long[] range = range(d.target());
    if (range != null && d.first().replica().equals(author) && last >= range[0]) {
      for (long j = 0;
          j < d.count();
          j++) { // deletes what this delta inserted: rare, checked one by one
        origin(d.target(), new ElementId(d.first().replica(), d.first().counter() + j));
      }
      return;
    }
    Entity e = entity(d.target());
    if (e == null
        || e.sequence == null
        || !SequenceRanges.containsRun(e.sequence, tree.pack(d.first()), d.count())) {
      throw new InvalidActionException("text delete of an unknown element");
    }
  }

  private Entity entity(EntityId id) {
    if (!id.equals(lastEntityId)) {
      lastEntity = tree.get(id);
      lastEntityId = id;
    }
    return lastEntity;
  }

  private long[] range(EntityId target) {
    if (!target.equals(lastRangeId)) {
      lastRange = insertedRanges.get(target);
      lastRangeId = target;
    }
    return lastRange;
  }

  private Guard guardOf(EntityId id) {
    if (!id.equals(lastGuardId)) {
      lastGuard = findGuard(id);
      lastGuardId = id;
    }
    return lastGuard;
  }

  private Guard findGuard(EntityId id) {
    Guard guard = created.get(id);
    if (guard != null) {
      return guard;
    }
    Entity e = tree.get(id);
    if (e == null) {
      throw new InvalidActionException("unknown entity " + id.toHex());
    }
    boolean frozen = false;
    PublicKey owner = null;
    for (Entity x = e; x.parent != null; x = x.parent) {
      if (x.protectedAs == CrdtType.FROZEN_STORAGE
          || x.parent.protectedAs == CrdtType.FROZEN_STORAGE) {
        frozen = true;
      }
      if (x.parent.protectedAs == CrdtType.USER_STORAGE) {
        owner = PublicKey.of(x.key.bytes.length == 32 ? x.key.bytes : new byte[32]);
      }
    }
    return new Guard(
        frozen && e.protectedAs != CrdtType.FROZEN_STORAGE, owner, e.protectedAs, false, e.depth);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidActionException(message);
    }
  }
}

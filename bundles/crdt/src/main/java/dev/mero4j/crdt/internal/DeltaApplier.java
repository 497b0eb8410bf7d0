package dev.mero4j.crdt.internal;

import dev.mero4j.crdt.Action;
import dev.mero4j.crdt.ElementId;
import dev.mero4j.crdt.EntityId;
import java.util.List;

/**
 * Applies the actions of one validated remote delta, in order, with the same result as {@link
 * StateTree#apply} on each, but with less work per action on the runs that make up most deltas:
 * consecutive text actions on one text.
 *
 * <ul>
 *   <li>The target entity is looked up once per run of actions naming the same id.
 *   <li>The text's entity and its ancestors are touched once per run, with the stamp of the run's
 *       last action that touched it: stamps of one delta grow with the action index and nothing
 *       reads them while the run applies, so the result is the same as touching after each action,
 *       and only that one {@link Stamp} is allocated.
 *   <li>An insert whose origin is the element the previous insert (of the same run) ended with
 *       starts the RGA scan from that element's position instead of looking it up.
 * </ul>
 */
final class DeltaApplier {
  private final StateTree tree;
  private final long hlc;
  private final Replica replica;

  private EntityId lastId;
  private Entity last;

  /** The text whose touch is pending, and the index of the last action that touched it. */
  private Entity pending;

  private int pendingIndex;

  /** The position of the element the previous action inserted last, valid until the next change. */
  private Sequence.Pos tail;

  private long tailId;

  private DeltaApplier(StateTree tree, long hlc, Replica replica) {
    this.tree = tree;
    this.hlc = hlc;
    this.replica = replica;
  }

  /** Applies {@code actions} stamped (hlc, replica, index); returns the cursor after them. */
  static long apply(StateTree tree, List<Action> actions, long hlc, Replica replica, long cursor) {
    DeltaApplier applier = new DeltaApplier(tree, hlc, replica);
    for (int i = 0; i < actions.size(); i++) {
      cursor = applier.apply(actions.get(i), i, cursor);
    }
    applier.flush();
    return cursor;
  }

  private long apply(Action action, int index, long cursor) {
    boolean insert = action instanceof Action.TextInsert;
    if (!insert && !(action instanceof Action.TextDelete)) {
      flush();
      tail = null;
      return tree.apply(action, new Stamp(hlc, replica, index), cursor);
    }
    Entity target = target(action.target());
    if (target != pending) {
      flush();
      tail = null;
    }
    Sequence seq = tree.sequenceOf(target, true);
    if (insert) {
      Action.TextInsert t = (Action.TextInsert) action;
      long start = Sequence.pack(cursor, replica.index);
      if (seq.contains(start)) {
        tail = null;
        return cursor + t.length();
      }
      cursor = insert(seq, t, cursor);
    } else {
      Action.TextDelete d = (Action.TextDelete) action;
      ElementId first = d.first();
      int from = tree.replicas.intern(first.replica()).index;
      SequenceRanges.deleteRun(seq, Sequence.pack(first.counter(), from), d.count());
      tail = null;
    }
    pending = target;
    pendingIndex = index;
    return cursor;
  }

  private long insert(Sequence seq, Action.TextInsert t, long cursor) {
    String text = t.text();
    long originId = tree.pack(t.origin());
    Sequence.Pos p = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      long id = Sequence.pack(cursor++, replica.index);
      if (p != null) {
        p = seq.insertAfter(p, id, cp);
      } else if (tail != null && originId == tailId) {
        p = seq.integrateAfter(tail, id, cp);
      } else {
        p = seq.integrate(originId, id, cp);
      }
    }
    tail = p;
    tailId = p.id();
    return cursor;
  }

  private Entity target(EntityId id) {
    if (!id.equals(lastId)) {
      last = tree.get(id);
      lastId = id;
    }
    return last;
  }

  private void flush() {
    if (pending != null) {
      tree.touch(pending, new Stamp(hlc, replica, pendingIndex));
      pending = null;
    }
  }
}

package dev.mero4j.crdt;

import dev.mero4j.crdt.internal.Entity;
import dev.mero4j.crdt.internal.Stamp;
import dev.mero4j.crdt.internal.StateTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The changes of one local call: handles obtained here apply each write to the state at once (so
 * reads see it) and record it as an action; {@link #commit()} turns the actions into one signed
 * delta. There is no rollback: an aborted call must not commit and should reload the state.
 */
public final class Transaction {
  private final ContextState state;
  private final boolean readOnly;
  private final long hlc;
  private final long lamportStart;
  private final List<Action> actions = new ArrayList<>();
  private long cursor;
  private boolean done;

  Transaction(ContextState state, boolean readOnly, long hlc, long lamportStart) {
    this.state = state;
    this.readOnly = readOnly;
    this.hlc = hlc;
    this.lamportStart = lamportStart;
    this.cursor = lamportStart;
  }

  /** The context's root: a map whose entries are the app's top-level fields. */
  public MapHandle root() {
    return new MapHandle(this, state.tree().root());
  }

  /** The keyed collection (map, set, user or frozen storage) with id {@code id}. */
  public MapHandle map(EntityId id) {
    return new MapHandle(this, entity(id));
  }

  public TextHandle text(EntityId id) {
    return new TextHandle(this, entity(id));
  }

  public CounterHandle counter(EntityId id) {
    return new CounterHandle(this, entity(id));
  }

  public VectorHandle vector(EntityId id) {
    return new VectorHandle(this, entity(id));
  }

  /** The CRDT type of entity {@code id}, or empty if the state does not hold it. */
  public Optional<CrdtType> typeOf(EntityId id) {
    Entity e = state.tree().get(id);
    return e == null || !tree().isVisible(e) ? Optional.empty() : Optional.of(e.type());
  }

  /**
   * Signs the recorded actions into a delta on the current heads (the first {@link
   * DeltaCodec#MAX_PARENTS} of them: the others stay heads for the next commits); empty if nothing
   * changed.
   */
  public Optional<Delta> commit() {
    return commit(true);
  }

  /**
   * {@link #commit()} without the delta's own signature, for a caller that signs what carries the
   * delta over its id (the runtime's envelope), so a write costs one signature.
   */
  public Optional<Delta> commitUnsigned() {
    return commit(false);
  }

  private Optional<Delta> commit(boolean sign) {
    writable();
    done = true;
    if (actions.isEmpty()) {
      state.finish(this, null);
      return Optional.empty();
    }
    List<dev.mero4j.primitives.DeltaId> parents = state.parentsForCommit();
    Delta delta =
        sign
            ? Delta.sign(state.author(), hlc, lamportStart, parents, actions)
            : Delta.unsigned(state.author().publicKey(), hlc, lamportStart, parents, actions);
    state.finish(this, delta);
    return Optional.of(delta);
  }

  /** Number of actions recorded so far. */
  public int size() {
    return actions.size();
  }

  StateTree tree() {
    return state.tree();
  }

  Entity entity(EntityId id) {
    Entity e = state.tree().get(id);
    if (e == null) {
      throw new InvalidActionException("unknown entity " + id.toHex());
    }
    return e;
  }

  dev.mero4j.crdt.internal.Replica selfReplica() {
    return state.self();
  }

  long cursor() {
    return cursor;
  }

  Stamp nextStamp() {
    return new Stamp(hlc, state.self(), actions.size());
  }

  /** Applies and records an action. */
  void submit(Action action) {
    writable();
    cursor = tree().apply(action, nextStamp(), cursor);
    actions.add(action);
  }

  /** Records an action the caller already applied through a local fast path. */
  void record(Action action, long newCursor) {
    actions.add(action);
    cursor = newCursor;
  }

  void writable() {
    if (readOnly) {
      throw new IllegalStateException("read-only view");
    }
    if (done) {
      throw new IllegalStateException("transaction already committed");
    }
  }
}

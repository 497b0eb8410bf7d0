package dev.mero4j.dag;

import dev.mero4j.crdt.ContextState;
import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.InvalidSignatureException;
import dev.mero4j.dag.internal.DagStore;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.KeyPair;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The causal DAG of one context: it applies each delta to the {@link ContextState} only after all
 * its parents, buffers early deltas, and persists everything through the storage SPI so a restart
 * resumes with the same heads, root hash and pending set.
 *
 * <pre>
 *   add(d) ─ known? ──────────────► DUPLICATE
 *          ─ signature bad ───────► InvalidSignatureException
 *          ─ parents missing ─────► pending buffer (bounded, oldest evicted) ─► PENDING
 *          ─ parents known ───────► apply d ─► persist ─► release children whose
 *                                    parents are now all known (queue, no recursion) ─► APPLIED
 * </pre>
 *
 * Not thread-safe: the node serialises calls per context.
 */
public final class CausalDag {
  private static final System.Logger LOG = System.getLogger(CausalDag.class.getName());

  private final DagStore store;
  private final ContextState state;
  private final DagConfig config;
  private final Set<DeltaId> known = new HashSet<>();
  private final PendingDeltas pending;
  private long seq;
  private long rejected;

  private CausalDag(DagStore store, ContextState state, DagConfig config, long seq) {
    this.store = store;
    this.state = state;
    this.config = config;
    this.seq = seq;
    this.pending = new PendingDeltas(store, config.maxPending());
  }

  /**
   * Opens the DAG of {@code context} in {@code engine}, restoring the latest checkpoint, replaying
   * the deltas applied after it and reloading the pending buffer.
   */
  public static CausalDag open(
      ContextId context,
      StorageEngine engine,
      KeyPair author,
      HybridClock clock,
      DagConfig config) {
    return open(context, engine, author, clock, config, (id, batch) -> {});
  }

  /**
   * {@link #open(ContextId, StorageEngine, KeyPair, HybridClock, DagConfig)}, and {@code records}
   * adds the caller's records of each buffered delta that the restore finds ready and applies (a
   * crash came between its parent's batch and its own), as {@link #addVerified(Delta, WriteBatch,
   * BiConsumer)} does.
   */
  public static CausalDag open(
      ContextId context,
      StorageEngine engine,
      KeyPair author,
      HybridClock clock,
      DagConfig config,
      BiConsumer<DeltaId, WriteBatch> records) {
    return open(context, engine, author, clock, config, records, null);
  }

  /**
   * As above, for an owner that stores each delta itself in the batch it adds it with: the DAG
   * keeps a reference and reads the delta back from {@code bodies} (null: it keeps a copy).
   */
  public static CausalDag open(
      ContextId context,
      StorageEngine engine,
      KeyPair author,
      HybridClock clock,
      DagConfig config,
      BiConsumer<DeltaId, WriteBatch> records,
      DeltaBodies bodies) {
    DagStore store = new DagStore(engine, context, bodies);
    Optional<DagStore.Checkpoint> checkpoint = store.checkpoint();
    ContextState state;
    try {
      state =
          checkpoint.isPresent()
              ? ContextState.importSnapshot(checkpoint.get().snapshot(), author, clock)
              : ContextState.create(author, clock);
    } catch (CrdtException e) {
      throw new CorruptDagException("checkpoint does not decode", e);
    }
    CausalDag dag =
        new CausalDag(store, state, config, checkpoint.map(DagStore.Checkpoint::seq).orElse(0L));
    dag.restore(records);
    return dag;
  }

  private void restore(BiConsumer<DeltaId, WriteBatch> records) {
    store.forEachAppliedAfter(
        seq,
        (s, delta) -> {
          try {
            state.applyVerified(delta);
          } catch (CrdtException e) {
            throw new CorruptDagException("applied delta " + s + " does not replay", e);
          }
          seq = s;
        });
    known.addAll(store.appliedIds());
    known.addAll(store.coveredIds());
    List<Delta> ready = new ArrayList<>();
    for (Delta d : store.pending()) {
      Set<DeltaId> missing = missingOf(d);
      if (missing.isEmpty()) {
        ready.add(d);
      } else {
        pending.add(d, missing, null);
      }
    }
    for (Delta d : ready) {
      if (!known.contains(d.id())) {
        // Verified before it was buffered (possibly through an envelope that covers it): not again.
        // Its pending record is in storage: the batch that applies it deletes it.
        addVerified(d, new WriteBatch(), records, true);
      }
    }
  }

  /**
   * The state this DAG feeds; open transactions on it and pass their deltas to {@link #addLocal}.
   */
  public ContextState state() {
    return state;
  }

  /**
   * Adds a remote delta.
   *
   * @throws InvalidSignatureException if its signature does not verify (nothing is stored)
   * @throws CrdtException subtypes if it is directly applicable but invalid (nothing is stored)
   */
  public AddOutcome add(Delta delta) {
    if (known.contains(delta.id()) || pending.contains(delta.id())) {
      return new AddOutcome(AddOutcome.Status.DUPLICATE, List.of());
    }
    if (!delta.verifySignature()) {
      throw new InvalidSignatureException("bad signature on " + delta.id());
    }
    return addVerified(delta);
  }

  /**
   * Adds a remote delta whose author signature the caller already verified (an envelope check
   * covers it), sparing a second Ed25519 verification.
   *
   * @throws CrdtException subtypes if it is directly applicable but invalid (nothing is stored)
   */
  public AddOutcome addVerified(Delta delta) {
    return addVerified(delta, new WriteBatch());
  }

  /**
   * Adds a remote delta whose signature the caller verified, writing {@code with} (the caller's
   * records of the same delta) in the same atomic batch when it applies or is buffered; nothing is
   * written when it is a duplicate or invalid.
   */
  public AddOutcome addVerified(Delta delta, WriteBatch with) {
    return addVerified(delta, with, (id, batch) -> {});
  }

  /**
   * {@link #addVerified(Delta, WriteBatch)}, and {@code records} adds the caller's records of each
   * delta that applies (this one, and buffered children it releases) to the batch that stores that
   * delta, so a delta and what it implies land together or not at all.
   */
  public AddOutcome addVerified(
      Delta delta, WriteBatch with, BiConsumer<DeltaId, WriteBatch> records) {
    return addVerified(delta, with, records, false);
  }

  /**
   * As above; {@code stored} says a pending record of the delta is in storage (a restore found it
   * ready), so the batch that applies it must delete that record. A delta that is neither buffered
   * nor stored as pending never waited, and its batch deletes nothing.
   */
  private AddOutcome addVerified(
      Delta delta, WriteBatch with, BiConsumer<DeltaId, WriteBatch> records, boolean stored) {
    if (known.contains(delta.id()) || pending.contains(delta.id())) {
      return new AddOutcome(AddOutcome.Status.DUPLICATE, List.of());
    }
    Set<DeltaId> missing = missingOf(delta);
    if (!missing.isEmpty()) {
      pending.add(delta, missing, with);
      return new AddOutcome(AddOutcome.Status.PENDING, List.of());
    }
    state.applyVerified(delta);
    List<DeltaId> applied = new ArrayList<>();
    seq++;
    records.accept(delta.id(), with);
    if (stored) {
      store.putApplied(seq, delta, with);
    } else {
      store.putCommitted(seq, delta, with);
    }
    known.add(delta.id());
    applied.add(delta.id());
    cascade(delta.id(), applied, records);
    return new AddOutcome(AddOutcome.Status.APPLIED, applied);
  }

  /**
   * Runs {@code body} (adds, typically a catch-up page) with this DAG's writes collected into one
   * storage commit, written when it returns or throws: what applied before a failure stays applied.
   */
  public <T> T inOneCommit(Supplier<T> body) {
    return store.inOneCommit(body);
  }

  /** Writes what {@link #inOneCommit} collected so far (before reopening after a failure). */
  public void flushCommit() {
    store.flush();
  }

  /** Records a delta this replica committed (already applied to the state by its transaction). */
  public void addLocal(Delta delta) {
    addLocal(delta, new WriteBatch());
  }

  /**
   * Records a delta this replica committed, writing {@code with} (the caller's records of the same
   * commit) in the same atomic batch.
   */
  public void addLocal(Delta delta, WriteBatch with) {
    if (known.contains(delta.id())) {
      if (!with.isEmpty()) {
        store.write(with);
      }
      return;
    }
    List<DeltaId> applied = new ArrayList<>();
    seq++;
    store.putCommitted(seq, delta, with);
    known.add(delta.id());
    applied.add(delta.id());
    cascade(delta.id(), applied, (id, batch) -> {});
  }

  public List<DeltaId> heads() {
    return state.heads();
  }

  /** Whether the delta was applied (possibly pruned since) or is pending. */
  public boolean contains(DeltaId id) {
    return known.contains(id) || pending.contains(id);
  }

  public boolean isPending(DeltaId id) {
    return pending.contains(id);
  }

  /** Parents that pending deltas wait for and nobody has delivered: what sync should fetch. */
  public List<DeltaId> missingParents(int limit) {
    return pending.missingParents(known, limit);
  }

  /** An applied delta that was not pruned, for serving a peer's request. */
  public Optional<Delta> get(DeltaId id) {
    return store.seqOf(id).flatMap(store::applied);
  }

  public int pendingCount() {
    return pending.size();
  }

  /** The deltas waiting for their parents, oldest first. */
  public List<DeltaId> pendingIds() {
    return pending.ids();
  }

  /**
   * Drops a delta waiting for its parents (the caller judged it waited too long); delivered again,
   * it is added as a new delta.
   *
   * @return whether it was waiting
   */
  public boolean dropPending(DeltaId id) {
    return pending.drop(id);
  }

  /** Pending deltas dropped because the buffer was full. */
  public long evictedCount() {
    return pending.evictedCount();
  }

  /** Pending deltas dropped because they failed validation when their parents arrived. */
  public long rejectedCount() {
    return rejected;
  }

  /** Number of deltas applied since the context began. */
  public long appliedCount() {
    return seq;
  }

  /**
   * Persists a snapshot of the state and prunes applied deltas older than the configured keep
   * count. Pruned ids stay known, so late children still apply; a peer that needs pruned deltas
   * catches up from the snapshot instead.
   *
   * @return the snapshot just stored (what {@link #snapshot()} now reads back)
   */
  public byte[] checkpoint() {
    byte[] snapshot = state.exportSnapshot();
    store.checkpoint(seq, snapshot, seq - config.keepAfterCheckpoint());
    return snapshot;
  }

  /** The local apply sequence number of a known delta (0 for one known only from a snapshot). */
  public Optional<Long> seqOf(DeltaId id) {
    return known.contains(id) ? Optional.of(store.seqOf(id).orElse(0L)) : Optional.empty();
  }

  /** Every applied delta id, pruned ones included: what a snapshot of this DAG covers. */
  public Set<DeltaId> knownIds() {
    return Set.copyOf(known);
  }

  /** Ids of up to {@code limit} most recently applied deltas still stored, oldest first. */
  public List<DeltaId> recentIds(int limit) {
    return store.appliedIdsAfter(Math.max(0, seq - limit));
  }

  /**
   * Persists a peer's state snapshot as this DAG's checkpoint and marks {@code ids} (every delta it
   * covers) applied, writing {@code with} in the same atomic batch; the caller then reopens the
   * DAG. Pending deltas the snapshot covers are dropped; the others apply after the reopen if
   * ready.
   */
  public void installSnapshot(byte[] snapshot, Collection<DeltaId> ids, WriteBatch with) {
    List<DeltaId> pendingCovered = new ArrayList<>();
    for (DeltaId id : ids) {
      if (pending.contains(id)) {
        pendingCovered.add(id);
      }
    }
    store.installCheckpoint(seq, snapshot, List.copyOf(ids), pendingCovered, with);
  }

  /** The latest checkpointed snapshot, for a far-behind peer. */
  public Optional<byte[]> snapshot() {
    return store.checkpoint().map(DagStore.Checkpoint::snapshot);
  }

  private Set<DeltaId> missingOf(Delta delta) {
    Set<DeltaId> missing = new HashSet<>();
    for (DeltaId p : delta.parents()) {
      if (!known.contains(p)) {
        missing.add(p);
      }
    }
    return missing;
  }

  private void recordApplied(
      Delta delta, List<DeltaId> applied, BiConsumer<DeltaId, WriteBatch> records) {
    seq++;
    WriteBatch with = new WriteBatch();
    records.accept(delta.id(), with);
    store.putApplied(seq, delta, with);
    known.add(delta.id());
    applied.add(delta.id());
  }

  private void cascade(
      DeltaId first, List<DeltaId> applied, BiConsumer<DeltaId, WriteBatch> records) {
    ArrayDeque<DeltaId> released = new ArrayDeque<>();
    released.add(first);
    while (!released.isEmpty()) {
      Set<DeltaId> children = pending.releasedBy(released.poll());
      if (children == null) {
        continue;
      }
      for (DeltaId childId : children) {
        Delta child = pending.get(childId);
        if (child == null || !missingOf(child).isEmpty()) {
          continue;
        }
        pending.remove(childId);
        try {
          state.applyVerified(child);
        } catch (CrdtException e) {
          rejected++;
          store.deletePending(childId);
          LOG.log(
              System.Logger.Level.WARNING,
              "dropping invalid delta {0}: {1}",
              childId,
              e.getMessage());
          continue;
        }
        recordApplied(child, applied, records);
        released.add(childId);
      }
    }
  }
}

package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.HybridClock;
import dev.mero4j.dag.CausalDag;
import dev.mero4j.dag.DagConfig;
import dev.mero4j.membership.ContextMembership;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.runtime.api.AppEvent;
import dev.mero4j.runtime.api.ContextInfo;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The state one loaded context shares between its local executor and its replica side: the DAG and
 * CRDT state, the governance, the lock that serialises writes, and the outbox of side effects that
 * run once the lock is released.
 */
public final class LoadedContext {
  /** A DAG checkpoint (snapshot + pruning) is taken every this many applied deltas. */
  static final int CHECKPOINT_EVERY = 1000;

  final ContextStore.ContextRecord record;
  final ContextStore store;
  final EventHub events;
  final Clock clock;
  final ContextGovernance governance;
  final Outbox outbox = new Outbox();
  final PendingParents pendingParents;
  final HistoryRecords history;
  final VerifiedBatches verified = new VerifiedBatches(VerifiedBatches.CAPACITY);
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

  /** Guarded by the lock; replaced by {@link #reload}. */
  CausalDag dag;

  LoadedContext(
      ContextStore.ContextRecord record,
      ContextStore store,
      EventHub events,
      Clock clock,
      ContextMembership membership,
      BiConsumer<ContextId, byte[]> governanceBroadcast) {
    this.record = record;
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.pendingParents = new PendingParents(clock);
    this.history = new HistoryRecords(store.storage());
    this.governance =
        new ContextGovernance(
            membership,
            (context, op) -> outbox.add(() -> governanceBroadcast.accept(context, op)),
            clock);
    reload();
  }

  ContextId id() {
    return record.id();
  }

  ContextInfo info() {
    return underReadLock(
        () -> new ContextInfo(record.id(), record.app(), dag.state().rootHash(), dag.heads()));
  }

  /**
   * Membership operations of this node's identity; the governance state is guarded by the write
   * lock.
   */
  public <T> T membership(Function<ContextGovernance, T> operation) {
    return underWriteLock(() -> operation.apply(governance));
  }

  void lockWrite() {
    lock.writeLock().lock();
  }

  /**
   * Releases the write lock, then runs the side effects queued under it once this thread holds no
   * write lock.
   */
  void unlockWrite() {
    lock.writeLock().unlock();
    flushUnlocked();
  }

  void lockRead() {
    lock.readLock().lock();
  }

  void unlockRead() {
    lock.readLock().unlock();
    flushUnlocked();
  }

  <T> T underWriteLock(Supplier<T> body) {
    lockWrite();
    try {
      return body.get();
    } finally {
      unlockWrite();
    }
  }

  <T> T underReadLock(Supplier<T> body) {
    lockRead();
    try {
      return body.get();
    } finally {
      unlockRead();
    }
  }

  private void flushUnlocked() {
    if (!lock.isWriteLockedByCurrentThread()) {
      outbox.flush();
    }
  }

  void maybeCheckpoint() {
    maybeCheckpoint(dag.appliedCount() - 1);
  }

  /** Takes a checkpoint if the deltas applied since {@code appliedBefore} crossed a multiple. */
  void maybeCheckpoint(long appliedBefore) {
    if (dag.appliedCount() / CHECKPOINT_EVERY > Math.max(0, appliedBefore) / CHECKPOINT_EVERY) {
      byte[] snapshot = dag.checkpoint();
      // The same snapshot, kept for time travel (docs/time-travel.md); not read back from storage.
      history.put(id(), dag.appliedCount(), dag.heads(), snapshot);
    }
  }

  /**
   * Replaces the in-memory DAG and state with what storage holds: the undo of a failed call. A
   * buffered delta the restore finds ready (a crash came between its parent's batch and its own)
   * queues its handler jobs in the batch that applies it.
   */
  void reload() {
    dag =
        CausalDag.open(
            record.id(),
            store.storage(),
            record.member().signingKey(),
            new HybridClock(clock),
            DagConfig.DEFAULTS,
            (applied, with) -> store.putHandlers(with, id(), applied, storedEvents(applied)));
  }

  /** The events of a stored delta, for handler jobs queued when it applies later. */
  List<AppEvent> storedEvents(DeltaId applied) {
    return store
        .envelope(id(), applied)
        .map(stored -> DeltaEnvelope.decodeStored(governance.openStored(stored), id()).events())
        .orElse(List.of());
  }
}

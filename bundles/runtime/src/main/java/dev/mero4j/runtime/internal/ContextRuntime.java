package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.CrdtException;
import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.HybridClock;
import dev.mero4j.crdt.Transaction;
import dev.mero4j.dag.AddOutcome;
import dev.mero4j.dag.CausalDag;
import dev.mero4j.dag.DagConfig;
import dev.mero4j.dag.DagException;
import dev.mero4j.membership.ApplyOutcome;
import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.GovernanceOpId;
import dev.mero4j.membership.GovernancePosition;
import dev.mero4j.membership.JoinRequest;
import dev.mero4j.membership.JoinResponse;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.ContextSnapshot;
import dev.mero4j.runtime.DeltasSince;
import dev.mero4j.runtime.RejectedDeltaException;
import dev.mero4j.runtime.RejectedGovernanceOpException;
import dev.mero4j.runtime.RuntimeLimits;
import dev.mero4j.runtime.api.AppAbi;
import dev.mero4j.runtime.api.AppErrorException;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ExecutionFailedException;
import dev.mero4j.runtime.api.ExecutionLimitException;
import dev.mero4j.runtime.api.ExecutionResult;
import dev.mero4j.runtime.api.RuntimeApiException;
import dev.mero4j.runtime.internal.host.CallFrame;
import dev.mero4j.runtime.internal.host.CallSeeds;
import dev.mero4j.storage.api.WriteBatch;
import dev.mero4j.wasm.api.CompiledModule;
import dev.mero4j.wasm.api.ResourceLimitException;
import dev.mero4j.wasm.api.WasmException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One loaded context: its causal DAG and CRDT state, its app's compiled module, and the lock that
 * serialises writes.
 *
 * <pre>
 *   local write:  executor may write at the governance heads? ─► begin tx ─► run WASM (host
 *                 functions write the tx) ─► commit: one signed delta ─► envelope (with the
 *                 governance position) sealed under the context key, stored sealed ─► DAG records
 *                 it ─► StateMutation + broadcast
 *   failure:      any trap, limit or app error ─► DAG reopened from storage, nothing persisted
 *   remote delta: open ─► verify envelope ─► author could write at its position? (unknown ops:
 *                 wait for governance) ─► DAG add (buffer until parents) ─► for each applied
 *                 delta: StateMutation, handlers queued durably, then run
 * </pre>
 */
public final class ContextRuntime implements ContextReplica {
  /** A DAG checkpoint (snapshot + pruning) is taken every this many applied deltas. */
  static final int CHECKPOINT_EVERY = 1000;

  private static final System.Logger LOG = System.getLogger(ContextRuntime.class.getName());

  private final ContextStore.ContextRecord record;
  private final CompiledModule module;
  private final AppAbi abi;
  private final ContextStore store;
  private final EventHub events;
  private final RuntimeLimits limits;
  private final Clock clock;
  private final BiConsumer<ContextId, byte[]> broadcast;
  private final ContextGovernance governance;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final Outbox outbox = new Outbox();
  private final InstancePool instances;
  private final CallSeeds seeds;
  private CausalDag dag;
  /** Heads at which the root was last recomputed from storage: one recheck per state, whatever peers claim. */
  private Set<DeltaId> recheckedAt = Set.of();

  public ContextRuntime(ContextStore.ContextRecord record, CompiledModule module, AppAbi abi, ContextStore store,
      EventHub events, RuntimeLimits limits, Clock clock, BiConsumer<ContextId, byte[]> broadcast,
      ContextMembership membership, BiConsumer<ContextId, byte[]> governanceBroadcast, InstancePools pools) {
    this.record = record;
    this.module = module;
    this.abi = abi;
    this.store = store;
    this.events = events;
    this.limits = limits;
    this.clock = clock;
    this.broadcast = broadcast;
    this.governance = new ContextGovernance(membership,
        (context, op) -> outbox.add(() -> governanceBroadcast.accept(context, op)));
    this.instances = pools.of(record.app(), module);
    this.seeds = new CallSeeds(record.id(), record.member().signingKey());
    reload();
  }

  public ContextStore.ContextRecord record() {
    return record;
  }

  public AppAbi abi() {
    return abi;
  }

  /** Runs a method: read-only ones under the shared lock, writes one at a time. */
  public ExecutionResult execute(AppAbi.Method method, byte[] args, PublicKey executor) {
    Lock l = method.readOnly() ? lock.readLock() : lock.writeLock();
    l.lock();
    try {
      return method.readOnly() ? read(method.name(), args, executor) : write(method.name(), args, executor, batch -> { });
    } finally {
      l.unlock();
      flushUnlocked();
    }
  }

  /** Runs {@code init} (when the app has one) and persists the context with its first delta. */
  public void initialize(byte[] params, Consumer<WriteBatch> contextRecord) {
    lock.writeLock().lock();
    try {
      if (abi.method("init").isEmpty()) {
        WriteBatch batch = new WriteBatch();
        contextRecord.accept(batch);
        store.write(batch);
      } else {
        write("init", params, record.member().publicKey(), contextRecord);
      }
    } finally {
      unlockWrite();
    }
  }

  public ContextInfo info() {
    lock.readLock().lock();
    try {
      return new ContextInfo(record.id(), record.app(), dag.state().rootHash(), dag.heads());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public ContextId id() {
    return record.id();
  }

  @Override
  public ApplicationId application() {
    return record.app();
  }

  @Override
  public Hash rootHash() {
    return info().rootHash();
  }

  @Override
  public List<DeltaId> heads() {
    return info().dagHeads();
  }

  @Override
  public Frontier frontier() {
    ContextInfo info = info();
    return new Frontier(info.rootHash(), info.dagHeads());
  }

  @Override
  public RemoteOutcome applyRemote(byte[] bytes) {
    return applyOpened(bytes, open(bytes));
  }

  /** Opens and verifies a sealed envelope without the lock; null while its key is not held. */
  private DeltaEnvelope open(byte[] bytes) {
    if (bytes.length > DeltaEnvelope.MAX_BYTES + 1024) {
      throw new RejectedDeltaException("sealed envelope of " + bytes.length + " bytes exceeds the envelope cap");
    }
    // Opening (the key ring is thread-safe) and the signature check run before taking the lock.
    Optional<byte[]> inner = governance.openIfHeld(bytes);
    return inner.map(plain -> DeltaEnvelope.decode(plain, record.id())).orElse(null);
  }

  private RemoteOutcome applyOpened(byte[] bytes, DeltaEnvelope envelope) {
    lock.writeLock().lock();
    try {
      if (envelope == null) {
        governance.keyNotHeld(bytes);
        return new RemoteOutcome(RemoteOutcome.Status.PENDING, List.of());
      }
      if (dag.contains(envelope.delta().id())) {
        return new RemoteOutcome(RemoteOutcome.Status.DUPLICATE, List.of());
      }
      if (!governance.authorizeRemote(envelope, bytes)) {
        return new RemoteOutcome(RemoteOutcome.Status.PENDING, List.of());
      }
      WriteBatch batch = new WriteBatch();
      store.putEnvelope(batch, record.id(), envelope.delta().id(), bytes);
      AddOutcome outcome;
      try {
        outcome = dag.addVerified(envelope.delta(), batch);
      } catch (CrdtException | DagException e) {
        reload();
        throw new RejectedDeltaException("delta " + envelope.delta().id() + " rejected: " + e.getMessage(), e);
      }
      for (DeltaId applied : outcome.applied()) {
        afterRemoteApply(applied);
      }
      maybeCheckpoint();
      return new RemoteOutcome(RemoteOutcome.Status.valueOf(outcome.status().name()), outcome.applied());
    } finally {
      unlockWrite();
    }
  }

  @Override
  public GovernanceOutcome applyGovernance(byte[] sealedOp) {
    lock.writeLock().lock();
    try {
      ApplyOutcome outcome = governance.receive(sealedOp);
      List<DeltaId> applied = new ArrayList<>();
      int rejected = outcome.applied().isEmpty() ? 0 : retryAwaiting(applied);
      return new GovernanceOutcome(RemoteOutcome.Status.valueOf(outcome.status().name()), applied, rejected,
          governance.missing());
    } finally {
      unlockWrite();
    }
  }

  /** Applies the envelopes that waited for governance; returns how many were rejected. */
  private int retryAwaiting(List<DeltaId> applied) {
    int rejected = 0;
    for (byte[] sealed : governance.drainAwaiting()) {
      try {
        applied.addAll(applyRemote(sealed).applied());
      } catch (RejectedDeltaException e) {
        rejected++;
        LOG.log(System.Logger.Level.WARNING, "a delta that waited for governance was rejected: {0}", e.getMessage());
      }
    }
    return rejected;
  }

  @Override
  public List<byte[]> governanceOps(List<GovernanceOpId> ids) {
    return underWriteLock(() -> governance.sealedOps(ids));
  }

  @Override
  public Set<GovernanceOpId> governanceHeads() {
    return underWriteLock(() -> governance.membership().log().heads());
  }

  @Override
  public boolean containsGovernance(GovernanceOpId id) {
    return underWriteLock(() -> governance.membership().log().contains(id));
  }

  @Override
  public Set<GovernanceOpId> missingGovernance() {
    return underWriteLock(governance::missing);
  }

  @Override
  public int awaitingGovernanceCount() {
    return underWriteLock(governance::awaitingCount);
  }

  @Override
  public int discardAwaiting() {
    return underWriteLock(() -> {
      retryAwaiting(new ArrayList<>());
      return governance.dropUnopened();
    });
  }

  @Override
  public boolean wantsKeys() {
    return underWriteLock(governance::keysWanted);
  }

  @Override
  public PublicKey memberKey() {
    return record.member().publicKey();
  }

  @Override
  public List<byte[]> wrappedKeysFor(PublicKey member) {
    return underWriteLock(() -> governance.wrappedKeysFor(member));
  }

  @Override
  public GovernanceOutcome acceptKeys(List<byte[]> wrapped) {
    lock.writeLock().lock();
    try {
      governance.acceptKeys(wrapped);
      List<DeltaId> applied = new ArrayList<>();
      int rejected = retryAwaiting(applied);
      return new GovernanceOutcome(RemoteOutcome.Status.APPLIED, applied, rejected, governance.missing());
    } finally {
      unlockWrite();
    }
  }

  @Override
  public byte[] sealFrame(byte[] frame) {
    return underWriteLock(() -> governance.sealFrame(frame));
  }

  @Override
  public byte[] openFrame(byte[] sealed) {
    return governance.openFrame(sealed);
  }

  @Override
  public byte[] sealSyncPayload(byte[] plain) {
    return sealFrame(plain);
  }

  @Override
  public byte[] openSyncPayload(byte[] sealed) {
    try {
      return openFrame(sealed);
    } catch (RejectedGovernanceOpException e) {
      throw new dev.mero4j.runtime.RejectedSnapshotException("sync payload does not open: " + e.getMessage(), e);
    }
  }

  /** Answers a peer's join request with this node's identity (accepting or refusing it). */
  public JoinResponse admit(JoinRequest request) {
    return underWriteLock(() -> governance.admit(request));
  }

  /** Membership operations of this node's identity; the governance state is guarded by the write lock. */
  public <T> T membership(java.util.function.Function<ContextGovernance, T> operation) {
    return underWriteLock(() -> operation.apply(governance));
  }

  /** Releases the write lock, then runs the side effects queued under it once no write lock of this thread remains. */
  private void unlockWrite() {
    lock.writeLock().unlock();
    flushUnlocked();
  }

  private void flushUnlocked() {
    if (!lock.isWriteLockedByCurrentThread()) {
      outbox.flush();
    }
  }

  private <T> T underWriteLock(java.util.function.Supplier<T> body) {
    lock.writeLock().lock();
    try {
      return body.get();
    } finally {
      unlockWrite();
    }
  }

  @Override
  public Optional<byte[]> envelope(DeltaId id) {
    return store.envelope(record.id(), id);
  }

  @Override
  public Optional<List<DeltaId>> parents(DeltaId id) {
    return store.envelope(record.id(), id)
        .map(bytes -> DeltaEnvelope.decodeStored(governance.openStored(bytes), record.id()).delta().parents());
  }

  @Override
  public boolean contains(DeltaId id) {
    lock.readLock().lock();
    try {
      return dag.contains(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<DeltaId> missingParents(int limit) {
    lock.readLock().lock();
    try {
      return dag.missingParents(limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int pendingCount() {
    lock.readLock().lock();
    try {
      return dag.pendingCount();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Hash recheckRoot(Collection<DeltaId> peerHeads) {
    return underWriteLock(() -> {
      Set<DeltaId> heads = Set.copyOf(dag.heads());
      Hash before = dag.state().rootHash();
      if (!heads.equals(Set.copyOf(peerHeads)) || heads.equals(recheckedAt)) {
        return before;
      }
      recheckedAt = heads;
      reload();
      Hash after = dag.state().rootHash();
      if (after.equals(before)) {
        LOG.log(System.Logger.Level.INFO, "context {0}: root {1} confirmed from storage; a peer with the same heads"
            + " reports another", record.id(), before);
      } else {
        LOG.log(System.Logger.Level.WARNING, "context {0}: root {1} in memory but {2} recomputed from storage at the"
            + " same heads; repaired", record.id(), before, after);
      }
      return after;
    });
  }

  @Override
  public int applyRemoteAll(List<byte[]> envelopes) {
    // Opening and signature checks, the bulk of the cost, run in parallel; applying stays in order.
    // Each delta takes the write lock on its own, so local calls are not held up by a long page.
    List<DeltaEnvelope> opened = envelopes.parallelStream().map(this::open).toList();
    int applied = 0;
    for (int i = 0; i < envelopes.size(); i++) {
      applied += applyOpened(envelopes.get(i), opened.get(i)).applied().size();
    }
    return applied;
  }

  @Override
  public DeltasSince deltasSince(Collection<DeltaId> theirs, int maxDeltas) {
    lock.readLock().lock();
    try {
      return new SinceHeadsWalk(dag::seqOf, this::parents).walk(dag.heads(), theirs, maxDeltas, dag.appliedCount());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public List<DeltaId> recentIds(int limit) {
    lock.readLock().lock();
    try {
      return dag.recentIds(limit);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public ContextSnapshot exportSnapshot() {
    lock.readLock().lock();
    try {
      return new ContextSnapshot(dag.state().rootHash(), dag.heads(), List.copyOf(dag.knownIds()),
          dag.state().exportSnapshot());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void installSnapshot(ContextSnapshot snapshot) {
    lock.writeLock().lock();
    try {
      SnapshotCheck.verify(snapshot, dag.state().author(), clock, dag.heads());
      dag.installSnapshot(snapshot.state(), snapshot.known(), new WriteBatch());
      reload();
      Hash root = dag.state().rootHash();
      outbox.add(() -> events.publish(record.id(), root, List.of()));
    } finally {
      unlockWrite();
    }
  }

  /**
   * Runs the queued event handlers of this context (after remote deltas, and after a restart). Many
   * threads may call it at once: each job is claimed under the write lock, and one another caller
   * already ran (its record deleted with its delta) is skipped, so a handler runs once per event.
   */
  public void runPendingHandlers() {
    for (ContextStore.HandlerJob job : store.handlers(record.id())) {
      Optional<AppAbi.Method> method = abi.method(job.method()).filter(m -> !m.readOnly());
      lock.writeLock().lock();
      try {
        if (!store.handlerQueued(job)) {
          continue;
        }
        if (method.isPresent()) {
          write(job.method(), job.argsJson().getBytes(StandardCharsets.UTF_8), record.member().publicKey(),
              batch -> store.deleteHandler(batch, job));
        } else {
          LOG.log(System.Logger.Level.WARNING, "event handler {0} is not a writable method of the app; dropped", job.method());
          dropHandler(job);
        }
      } catch (RuntimeApiException e) {
        LOG.log(System.Logger.Level.WARNING, "event handler {0} failed: {1}", job.method(), e.getMessage());
        dropHandler(job);
      } finally {
        unlockWrite();
      }
    }
  }

  private void dropHandler(ContextStore.HandlerJob job) {
    WriteBatch batch = new WriteBatch();
    store.deleteHandler(batch, job);
    store.write(batch);
  }

  private void afterRemoteApply(DeltaId applied) {
    List<dev.mero4j.runtime.api.AppEvent> emitted = store.envelope(record.id(), applied)
        .map(bytes -> DeltaEnvelope.decodeStored(governance.openStored(bytes), record.id()).events())
        .orElse(List.of());
    WriteBatch batch = new WriteBatch();
    store.putHandlers(batch, record.id(), applied, emitted);
    store.write(batch);
    Hash root = dag.state().rootHash();
    outbox.add(() -> events.publish(record.id(), root, emitted));
  }

  private ExecutionResult read(String method, byte[] args, PublicKey executor) {
    Transaction tx = dag.state().read();
    CallFrame frame = frame(tx, true, method, args, executor);
    run(frame, method);
    if (frame.errorJson() != null) {
      throw new AppErrorException(frame.errorJson());
    }
    return result(frame, Optional.empty());
  }

  private ExecutionResult write(String method, byte[] args, PublicKey executor, Consumer<WriteBatch> extra) {
    GovernancePosition position = governance.authorizeLocalWrite(executor);
    Transaction tx = dag.state().begin();
    CallFrame frame = frame(tx, false, method, args, executor);
    Optional<Delta> delta;
    byte[] envelope = null;
    try {
      run(frame, method);
      if (frame.errorJson() != null) {
        throw new AppErrorException(frame.errorJson());
      }
      delta = tx.commit();
      WriteBatch batch = new WriteBatch();
      extra.accept(batch);
      if (delta.isPresent()) {
        envelope = governance.sealEnvelope(new DeltaEnvelope(record.id(), delta.get(), frame.events(), position)
            .encode(record.member().signingKey()));
        store.putEnvelope(batch, record.id(), delta.get().id(), envelope);
        dag.addLocal(delta.get(), batch);
      } else {
        store.write(batch);
      }
    } catch (RuntimeException e) {
      reload();
      throw e;
    }
    if (delta.isPresent()) {
      maybeCheckpoint();
      Hash root = dag.state().rootHash();
      byte[] sealed = envelope;
      outbox.add(() -> events.publish(record.id(), root, frame.events()));
      outbox.add(() -> broadcast.accept(record.id(), sealed));
    }
    return result(frame, delta.map(Delta::id));
  }

  private void maybeCheckpoint() {
    if (dag.appliedCount() > 0 && dag.appliedCount() % CHECKPOINT_EVERY == 0) {
      dag.checkpoint();
    }
  }

  private CallFrame frame(Transaction tx, boolean readOnly, String method, byte[] args, PublicKey executor) {
    long timeNanos = clock.millis() * 1_000_000L;
    byte[] seed = seeds.next(executor, dag.heads(), timeNanos, method, args);
    return new CallFrame(record.id(), executor, tx, readOnly, args, timeNanos, seed, limits);
  }

  private void run(CallFrame frame, String method) {
    InstancePool.Pooled pooled = instances.take();
    pooled.frame().set(frame);
    boolean ok = false;
    try {
      pooled.instance().call(limits.wasm().call(), method);
      ok = frame.errorJson() == null;
    } catch (RuntimeApiException e) {
      throw e;
    } catch (ResourceLimitException e) {
      throw new ExecutionLimitException(method + ": " + e.getMessage(), e);
    } catch (WasmException | CrdtException e) {
      throw new ExecutionFailedException(method + ": " + e.getMessage(), e);
    } finally {
      if (ok) {
        instances.release(pooled);
      } else {
        instances.discard(pooled);
      }
    }
  }

  private ExecutionResult result(CallFrame frame, Optional<DeltaId> delta) {
    String output = frame.output() == null ? null : new String(frame.output(), StandardCharsets.UTF_8);
    return new ExecutionResult(output, dag.state().rootHash(), delta, frame.events(), frame.logs());
  }

  /** Replaces the in-memory DAG and state with what storage holds: the undo of a failed call. */
  private void reload() {
    dag = CausalDag.open(record.id(), store.storage(), record.member().signingKey(), new HybridClock(clock),
        DagConfig.DEFAULTS);
  }
}

package dev.mero4j.runtime.internal;

import dev.mero4j.crdt.Delta;
import dev.mero4j.crdt.DeltaCodec;
import dev.mero4j.membership.ApplyOutcome;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.runtime.ContextReplica;
import dev.mero4j.runtime.api.ContextInfo;
import dev.mero4j.runtime.api.ContextSnapshot;
import dev.mero4j.runtime.api.DeltasSince;
import dev.mero4j.runtime.api.RejectedDeltaException;
import dev.mero4j.runtime.api.RejectedGovernanceOpException;
import dev.mero4j.runtime.api.RejectedSnapshotException;
import dev.mero4j.storage.api.WriteBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One loaded context as its peers reach it: remote envelopes and governance ops to apply, history
 * and snapshots to serve, keys to deliver.
 *
 * <pre>
 *   remote delta: (no lock, any thread: {@link RemoteIntake}) frame taken before? skip
 *                 ─► open ─► verify envelope ─► (write lock) author could write at its position? (unknown ops:
 *                 wait for governance) ─► DAG add (buffer until parents) ─► each applied delta is
 *                 stored with its envelope, DAG records and queued handler jobs in one batch
 *                 ─► after the lock: StateMutation events, then the queued handlers run
 * </pre>
 */
public final class ReplicaSide implements ContextReplica {
  private static final System.Logger LOG = System.getLogger(ReplicaSide.class.getName());

  private final LoadedContext context;
  private final GovernanceServing serving;
  private final RemoteIntake intake;

  /**
   * Heads at which the root was last recomputed from storage: one recheck per state, whatever peers
   * claim.
   */
  private Set<DeltaId> recheckedAt = Set.of();

  ReplicaSide(LoadedContext context, Runnable runHandlers) {
    this.context = context;
    this.serving = new GovernanceServing(context);
    this.intake = new RemoteIntake(context, runHandlers);
  }

  /** The shared state of this context (tests reach its governance through it). */
  public LoadedContext context() {
    return context;
  }

  @Override
  public ContextId id() {
    return context.id();
  }

  @Override
  public ApplicationId application() {
    return context.record.app();
  }

  @Override
  public Hash rootHash() {
    return context.info().rootHash();
  }

  @Override
  public List<DeltaId> heads() {
    return context.info().dagHeads();
  }

  @Override
  public long appliedCount() {
    return context.underWriteLock(context.dag::appliedCount);
  }

  /**
   * The root and the heads advertised to peers (heartbeats, heads responses, catch-up requests):
   * the first {@link DeltaCodec#MAX_PARENTS} in id order, the same bound as a delta's parents, so
   * no frame lists more however many concurrent heads a context holds. The rest are found by the
   * "deltas since" catch-up, and the next local commits fold them in.
   */
  @Override
  public Frontier frontier() {
    ContextInfo info = context.info();
    List<DeltaId> heads = info.dagHeads();
    if (heads.size() > DeltaCodec.MAX_PARENTS) {
      heads = List.copyOf(heads.subList(0, DeltaCodec.MAX_PARENTS));
    }
    return new Frontier(info.rootHash(), heads);
  }

  @Override
  public RemoteOutcome applyRemote(byte[] bytes) {
    return applyPrepared(prepare(bytes));
  }

  @Override
  public PreparedEnvelope prepare(byte[] envelope) {
    return intake.prepare(envelope);
  }

  @Override
  public RemoteOutcome applyPrepared(PreparedEnvelope prepared) {
    return intake.apply(
        prepared instanceof RemoteIntake.Prepared p ? p : intake.prepare(prepared.sealed()));
  }

  @Override
  public int applyRemoteAll(List<byte[]> envelopes) {
    return intake.applyPage(envelopes);
  }

  /** Envelope signatures this context verified since it loaded. */
  public long envelopeVerifications() {
    return intake.verifications();
  }

  @Override
  public GovernanceOutcome applyGovernance(byte[] sealedOp) {
    return context.underWriteLock(
        () -> {
          ApplyOutcome outcome = context.governance.receive(sealedOp);
          List<DeltaId> applied = new ArrayList<>();
          int rejected = outcome.applied().isEmpty() ? 0 : retryAwaiting(applied);
          return new GovernanceOutcome(
              RemoteOutcome.Status.valueOf(outcome.status().name()),
              applied,
              rejected,
              context.governance.missing());
        });
  }

  /** Applies the envelopes that waited for governance; returns how many were rejected. */
  private int retryAwaiting(List<DeltaId> applied) {
    int rejected = 0;
    for (byte[] sealed : context.governance.drainAwaiting()) {
      try {
        applied.addAll(applyRemote(sealed).applied());
      } catch (RejectedDeltaException e) {
        rejected++;
        LOG.log(
            System.Logger.Level.WARNING,
            "a delta that waited for governance was rejected: {0}",
            e.getMessage());
      }
    }
    return rejected;
  }

  @Override
  public List<byte[]> governanceOps(List<GovernanceOpId> ids) {
    return serving.sealedOps(ids);
  }

  @Override
  public Set<GovernanceOpId> governanceHeads() {
    return context.underWriteLock(() -> context.governance.membership().log().heads());
  }

  @Override
  public boolean containsGovernance(GovernanceOpId id) {
    return context.underWriteLock(() -> context.governance.membership().log().contains(id));
  }

  @Override
  public Set<GovernanceOpId> missingGovernance() {
    return context.underWriteLock(context.governance::missing);
  }

  @Override
  public int awaitingGovernanceCount() {
    return context.underWriteLock(context.governance::awaitingCount);
  }

  @Override
  public long awaitingGovernanceBytes() {
    return context.underWriteLock(context.governance::awaitingBytes);
  }

  @Override
  public int discardAwaiting() {
    return context.underWriteLock(
        () -> {
          retryAwaiting(new ArrayList<>());
          return context.governance.dropUnopened();
        });
  }

  @Override
  public List<Hash> expireAwaiting() {
    return context.underWriteLock(
        () -> {
          // Dropped to bound the buffer, not reported: an honest delta waits as long when the
          // network lost its parents, and catch-up brings it back.
          context.pendingParents.expire(context.dag);
          return context.governance.expireAwaiting();
        });
  }

  @Override
  public boolean wantsKeys() {
    return context.underWriteLock(context.governance::keysWanted);
  }

  @Override
  public PublicKey memberKey() {
    return context.record.member().publicKey();
  }

  @Override
  public List<byte[]> wrappedKeysFor(PublicKey member) {
    return serving.wrappedKeysFor(member);
  }

  @Override
  public GovernanceOutcome acceptKeys(List<byte[]> wrapped) {
    return context.underWriteLock(
        () -> {
          context.governance.acceptKeys(wrapped);
          List<DeltaId> applied = new ArrayList<>();
          int rejected = retryAwaiting(applied);
          return new GovernanceOutcome(
              RemoteOutcome.Status.APPLIED, applied, rejected, context.governance.missing());
        });
  }

  @Override
  public byte[] sealFrame(byte[] frame) {
    return context.underWriteLock(() -> context.governance.sealFrame(frame));
  }

  @Override
  public byte[] openFrame(byte[] sealed) {
    return context.governance.openFrame(sealed);
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
      throw new RejectedSnapshotException("sync payload does not open: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> envelope(DeltaId id) {
    return context.store.envelope(context.id(), id);
  }

  @Override
  public Optional<List<DeltaId>> parents(DeltaId id) {
    return delta(id).map(Delta::parents);
  }

  @Override
  public List<DeltaId> recentDeltas(int limit) {
    return context.underReadLock(() -> context.dag.recentIds(limit));
  }

  @Override
  public List<DeltaId> pendingDeltas(int limit) {
    return context.underReadLock(() -> context.dag.pendingIds().stream().limit(limit).toList());
  }

  @Override
  public Optional<Delta> delta(DeltaId id) {
    return context
        .store
        .envelope(context.id(), id)
        .map(
            bytes ->
                DeltaEnvelope.decodeStored(context.governance.openStored(bytes), context.id())
                    .delta());
  }

  @Override
  public boolean contains(DeltaId id) {
    return context.underReadLock(() -> context.dag.contains(id));
  }

  @Override
  public List<DeltaId> missingParents(int limit) {
    return context.underReadLock(() -> context.dag.missingParents(limit));
  }

  @Override
  public int pendingCount() {
    return context.underReadLock(() -> context.dag.pendingCount());
  }

  @Override
  public Hash recheckRoot(Collection<DeltaId> peerHeads) {
    return context.underWriteLock(
        () -> {
          Set<DeltaId> heads = Set.copyOf(context.dag.heads());
          Hash before = context.dag.state().rootHash();
          if (!heads.equals(Set.copyOf(peerHeads)) || heads.equals(recheckedAt)) {
            return before;
          }
          recheckedAt = heads;
          context.reload();
          Hash after = context.dag.state().rootHash();
          if (after.equals(before)) {
            LOG.log(
                System.Logger.Level.INFO,
                "context {0}: root {1} confirmed from storage; a peer with the same heads"
                    + " reports another",
                context.id(),
                before);
          } else {
            LOG.log(
                System.Logger.Level.WARNING,
                "context {0}: root {1} in memory but {2} recomputed from storage at the"
                    + " same heads; repaired",
                context.id(),
                before,
                after);
          }
          return after;
        });
  }

  @Override
  public DeltasSince deltasSince(Collection<DeltaId> theirs, int maxDeltas) {
    return context.underReadLock(
        () ->
            new SinceHeadsWalk(context.dag::seqOf, this::parents)
                .walk(context.dag.heads(), theirs, maxDeltas, context.dag.appliedCount()));
  }

  @Override
  public List<DeltaId> recentIds(int limit) {
    return context.underReadLock(() -> context.dag.recentIds(limit));
  }

  @Override
  public ContextSnapshot exportSnapshot() {
    return context.underReadLock(
        () ->
            new ContextSnapshot(
                context.dag.state().rootHash(),
                context.dag.heads(),
                List.copyOf(context.dag.knownIds()),
                context.dag.state().exportSnapshot()));
  }

  @Override
  public void installSnapshot(ContextSnapshot snapshot) {
    context.underWriteLock(
        () -> {
          SnapshotCheck.verify(
              snapshot, context.dag.state().author(), context.clock, context.dag.heads());
          context.dag.installSnapshot(snapshot.state(), snapshot.known(), new WriteBatch());
          // Kept states describe the local apply order the snapshot replaced.
          context.history.clear(context.id());
          context.reload();
          Hash root = context.dag.state().rootHash();
          context.outbox.add(() -> context.events.publish(context.id(), root, List.of()));
          return null;
        });
  }
}

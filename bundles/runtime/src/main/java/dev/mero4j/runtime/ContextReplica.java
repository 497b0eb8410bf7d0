package dev.mero4j.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.primitives.PublicKey;
import java.util.Collection;
import dev.mero4j.membership.GovernanceOpId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One context as the replication layer sees it: heads and root to compare, sealed delta envelopes
 * to exchange, and remote envelopes to apply (in causal order, buffering early ones); and its
 * governance log: sealed ops to exchange and apply. Everything crossing it is sealed under the
 * context key. Thread-safe.
 */
public interface ContextReplica {
  ContextId id();

  ApplicationId application();

  Hash rootHash();

  List<DeltaId> heads();

  /**
   * Opens, verifies and applies a peer's sealed envelope, judging its author at the governance
   * position it names. Applied deltas publish their events to local subscribers and queue the
   * handlers they name. An envelope that names governance ops (or a key) not known here yet waits
   * for them and reports {@code PENDING}.
   *
   * @throws RejectedDeltaException if it does not open, is malformed, wrongly signed, by an author
   *     who could not write at its position, or does not fit; nothing was applied
   */
  RemoteOutcome applyRemote(byte[] envelope);

  /**
   * Opens and applies a peer's sealed governance op; then retries the envelopes waiting for
   * governance.
   *
   * @throws RejectedGovernanceOpException if it does not open, is forged or unauthorised
   */
  GovernanceOutcome applyGovernance(byte[] sealedOp);

  /** The sealed governance ops of these ids that this replica holds; all of them when empty. */
  List<byte[]> governanceOps(List<GovernanceOpId> ids);

  /** The heads of the governance log. */
  Set<GovernanceOpId> governanceHeads();

  /** Whether the governance op is applied here. */
  boolean containsGovernance(GovernanceOpId id);

  /** Governance ops that buffered ops or waiting envelopes name and this replica lacks. */
  Set<GovernanceOpId> missingGovernance();

  /** Envelopes waiting for governance ops or keys. */
  int awaitingGovernanceCount();

  /**
   * Retries the envelopes waiting for governance and drops those still sealed under a key the log
   * does not know: called after this replica fetched a peer's whole governance log. They are
   * junk (another context's) or honest deltas the peer cannot place yet either; catch-up fetches
   * those again once their key arrives. Envelopes that opened and wait for named ops stay.
   *
   * @return how many were dropped
   */
  int discardAwaiting();

  /** Whether this member lacks a key of the context it should hold: ask a peer with {@link #memberKey}. */
  boolean wantsKeys();

  /** The member identity this node holds in the context. */
  PublicKey memberKey();

  /**
   * Every key this replica holds, wrapped to {@code member}'s agreement key (useless to anyone
   * else), encoded {@code keyId ‖ ephemeral ‖ ciphertext}; empty when it is not a member.
   */
  List<byte[]> wrappedKeysFor(PublicKey member);

  /**
   * Takes keys a peer delivered to this member, then retries the envelopes waiting for them.
   *
   * @throws RejectedGovernanceOpException if a key does not open or is not a key of the context
   */
  GovernanceOutcome acceptKeys(List<byte[]> wrapped);

  /** Seals a per-context replication frame (heartbeat) under the current key. */
  byte[] sealFrame(byte[] frame);

  /** Opens a sealed replication frame of this context. */
  byte[] openFrame(byte[] sealed);

  /** The signed envelope of a delta this replica applied, to serve a peer. */
  Optional<byte[]> envelope(DeltaId id);

  /** The parents of an applied delta whose envelope this node still holds (for DAG walks). */
  Optional<List<DeltaId>> parents(DeltaId id);

  /** Whether the delta was applied or is pending here. */
  boolean contains(DeltaId id);

  /** Parents that pending deltas wait for: what sync should fetch. */
  List<DeltaId> missingParents(int limit);

  /** Deltas waiting for parents. */
  int pendingCount();

  /** The root and the heads it is the root of, read together (two separate reads may straddle a write). */
  record Frontier(Hash root, List<DeltaId> heads) {
    public Frontier {
      heads = List.copyOf(heads);
    }
  }

  /** {@link #rootHash()} and {@link #heads()} of one moment; replicas with a lock override this. */
  default Frontier frontier() {
    return new Frontier(rootHash(), heads());
  }

  /**
   * Called when a peer reports exactly this replica's heads with another root: the same deltas
   * cannot give two roots, so the state is recomputed from storage (at most once per set of heads,
   * whatever peers claim) and a repair is logged. Returns the root after.
   */
  default Hash recheckRoot(Collection<DeltaId> peerHeads) {
    return rootHash();
  }

  /**
   * Verifies and applies peers' envelopes given in causal order (a catch-up page), verifying their
   * signatures in parallel before applying them one by one.
   *
   * @return how many deltas were applied (buffered children included)
   * @throws RejectedDeltaException if one fails verification (none is applied) or does not fit
   *     when applied (the ones before it stay applied)
   */
  default int applyRemoteAll(List<byte[]> envelopes) {
    int applied = 0;
    for (byte[] envelope : envelopes) {
      applied += applyRemote(envelope).applied().size();
    }
    return applied;
  }

  /**
   * The deltas reachable from this replica's heads that a peer knowing {@code theirs} (its heads,
   * perhaps a few recent ids) lacks, parents first; {@link DeltasSince.Outcome#TOO_FAR} beyond
   * {@code maxDeltas}, {@link DeltasSince.Outcome#PRUNED} when history was pruned.
   */
  DeltasSince deltasSince(Collection<DeltaId> theirs, int maxDeltas);

  /** Up to {@code limit} ids of recently applied deltas: a bounded summary sent with the heads. */
  List<DeltaId> recentIds(int limit);

  /** The whole state now, with the heads and ids it covers. */
  ContextSnapshot exportSnapshot();

  /**
   * Replaces the state by a peer's snapshot, atomically, after checking that it hashes to its
   * advertised root and covers this replica's heads; later deltas then apply on top of it.
   *
   * @throws RejectedSnapshotException if a check fails; nothing was changed
   */
  void installSnapshot(ContextSnapshot snapshot);

  /**
   * Seals a sync payload (a snapshot page) for the context's members: under the context key in
   * the runtime; this default (no membership) returns it as is.
   */
  default byte[] sealSyncPayload(byte[] plain) {
    return plain;
  }

  /**
   * Opens a payload sealed by {@link #sealSyncPayload}.
   *
   * @throws RejectedSnapshotException if it does not open
   */
  default byte[] openSyncPayload(byte[] sealed) {
    return sealed;
  }

  /**
   * What happened to a remote governance op: deltas that were waiting for it and applied or were
   * rejected now, and the governance ops still missing here.
   */
  record GovernanceOutcome(RemoteOutcome.Status status, List<DeltaId> appliedDeltas, int rejectedDeltas,
      Set<GovernanceOpId> missing) {
    public GovernanceOutcome {
      appliedDeltas = List.copyOf(appliedDeltas);
      missing = Set.copyOf(missing);
    }
  }

  /** What happened to a remote envelope. */
  record RemoteOutcome(Status status, List<DeltaId> applied) {
    public RemoteOutcome {
      applied = List.copyOf(applied);
    }

    /** Applied (possibly with buffered children), buffered until parents arrive, or known. */
    public enum Status {
      APPLIED,
      PENDING,
      DUPLICATE
    }
  }
}

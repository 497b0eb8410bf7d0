package dev.mero4j.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
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

  /** Governance ops that buffered ops or waiting envelopes name and this replica lacks. */
  Set<GovernanceOpId> missingGovernance();

  /** Envelopes waiting for governance ops or keys. */
  int awaitingGovernanceCount();

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

package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.GovernanceOpId;
import dev.mero4j.primitives.Hash;
import java.util.List;
import java.util.Set;

/**
 * One context's governance log as replication exchanges it: sealed ops to serve and apply, and the
 * envelopes that wait for ops or keys not known here yet. Thread-safe.
 */
public interface GovernanceChannel {
  /**
   * Opens and applies a peer's sealed governance op, then retries the envelopes waiting for it.
   *
   * @throws RejectedGovernanceOpException if it does not open, is forged or unauthorised
   */
  GovernanceOutcome applyGovernance(byte[] sealedOp);

  /** The sealed governance ops of these ids held here, in apply order; all of them when empty. */
  List<byte[]> governanceOps(List<GovernanceOpId> ids);

  /** The heads of the governance log. */
  Set<GovernanceOpId> governanceHeads();

  /** Whether the governance op is applied here. */
  boolean containsGovernance(GovernanceOpId id);

  /** Governance ops that buffered ops or waiting envelopes name and this replica lacks. */
  Set<GovernanceOpId> missingGovernance();

  /** Envelopes waiting for governance ops or keys. */
  int awaitingGovernanceCount();

  /** Bytes of the envelopes waiting for governance ops or keys (capped per context). */
  long awaitingGovernanceBytes();

  /**
   * Retries the envelopes waiting for governance and drops those still sealed under a key the log
   * does not know: called after fetching a peer's whole log (catch-up fetches honest ones again
   * once their key arrives).
   *
   * @return how many were dropped
   */
  int discardAwaiting();

  /**
   * Drops the envelopes that have waited for governance, and the deltas that have waited for their
   * parents, longer than the runtime allows.
   *
   * @return the SHA-256 of each dropped envelope that waited for governance (it never became
   *     valid), to penalise the peer that sent it; deltas that waited for parents are not reported,
   *     since the network may have lost the parents of an honest one
   */
  List<Hash> expireAwaiting();

  /**
   * Deltas that waited for governance and applied or were rejected now, and the ops still missing.
   */
  record GovernanceOutcome(
      ReplicaLog.RemoteOutcome.Status status,
      List<DeltaId> appliedDeltas,
      int rejectedDeltas,
      Set<GovernanceOpId> missing) {
    public GovernanceOutcome {
      appliedDeltas = List.copyOf(appliedDeltas);
      missing = Set.copyOf(missing);
    }
  }
}

package dev.mero4j.runtime;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.List;
import java.util.Optional;

/**
 * One context as the replication layer sees it: heads and root to compare, signed delta envelopes
 * to exchange, and remote envelopes to apply (in causal order, buffering early ones). Thread-safe.
 */
public interface ContextReplica {
  ContextId id();

  ApplicationId application();

  Hash rootHash();

  List<DeltaId> heads();

  /**
   * Verifies and applies a peer's envelope. Applied deltas publish their events to local
   * subscribers and queue the handlers they name.
   *
   * @throws RejectedDeltaException if it is malformed, wrongly signed or does not fit; nothing
   *     was applied
   */
  RemoteOutcome applyRemote(byte[] envelope);

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

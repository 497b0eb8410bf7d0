package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One context's delta log as replication sees it: the frontier to compare, sealed envelopes to
 * serve, and peers' envelopes to apply in causal order (early ones wait for their parents). The
 * runtime runs the event handlers an applied delta names; replication only hands envelopes over.
 * Thread-safe.
 */
public interface ReplicaLog {
  /** The root and the heads it is the root of, read together. */
  Frontier frontier();

  /** Whether the delta was applied or is pending here. */
  boolean contains(DeltaId id);

  /** Parents that pending deltas wait for: what sync should fetch. */
  List<DeltaId> missingParents(int limit);

  /** Deltas waiting for parents. */
  int pendingCount();

  /**
   * Opens, verifies and applies a peer's sealed envelope, judging its author at the governance
   * position it names; one that names governance ops or a key not known here waits and reports
   * {@code PENDING}.
   *
   * @throws RejectedDeltaException if it does not open, is malformed, wrongly signed, by an author
   *     who could not write at its position, or does not fit; nothing was applied
   */
  RemoteOutcome applyRemote(byte[] envelope);

  /**
   * The costly half of {@link #applyRemote}, safe on any thread and without the apply lock: opens
   * and verifies a peer's sealed envelope, or finds it already known here and skips both. {@link
   * #applyPrepared} then applies it; together they do what {@link #applyRemote} does.
   *
   * @throws RejectedDeltaException if it does not open, is malformed or wrongly signed
   */
  default PreparedEnvelope prepare(byte[] envelope) {
    byte[] copy = envelope.clone();
    return () -> copy;
  }

  /**
   * Applies an envelope {@link #prepare} checked, in the order the caller gives them.
   *
   * @throws RejectedDeltaException if its author could not write at its position or it does not fit
   */
  default RemoteOutcome applyPrepared(PreparedEnvelope prepared) {
    return applyRemote(prepared.sealed());
  }

  /** A peer's sealed envelope that {@link #prepare} opened and verified, or found known. */
  interface PreparedEnvelope {
    /** The sealed envelope as received. */
    byte[] sealed();
  }

  /**
   * Applies peers' envelopes given in causal order (a catch-up page), verifying them in parallel
   * first.
   *
   * @return how many deltas were applied (buffered children included)
   * @throws RejectedDeltaException if one fails verification (none is applied) or does not fit when
   *     applied (the ones before it stay applied)
   */
  int applyRemoteAll(List<byte[]> envelopes);

  /** The sealed envelope of a delta applied here, to serve a peer. */
  Optional<byte[]> envelope(DeltaId id);

  /**
   * Called when a peer reports exactly these heads with another root: the same deltas cannot give
   * two roots, so the state is recomputed from storage (at most once per set of heads) and the root
   * after is returned.
   */
  Hash recheckRoot(Collection<DeltaId> peerHeads);

  /** A root and the heads it is the root of. */
  record Frontier(Hash root, List<DeltaId> heads) {
    public Frontier {
      heads = List.copyOf(heads);
    }
  }

  /** What happened to a remote envelope. */
  record RemoteOutcome(Status status, List<DeltaId> applied) {
    public RemoteOutcome {
      applied = List.copyOf(applied);
    }

    /**
     * Applied (possibly with buffered children), buffered until what it needs arrives, or known.
     */
    public enum Status {
      APPLIED,
      PENDING,
      DUPLICATE
    }
  }
}

package dev.mero4j.server;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard reads of a context's causal DAG: the newest deltas, the ones waiting for their
 * parents, and one delta's details. The node implements it; every answer is bounded by the caller's
 * limit.
 */
public interface DagReader {
  /**
   * The newest applied deltas still stored and the pending ones, up to {@code limit} each.
   *
   * @throws dev.mero4j.runtime.api.UnknownContextException the context is not on this node
   */
  DagPage recent(ContextId context, int limit);

  /** One applied (still stored) or pending delta; empty when unknown here or pruned. */
  Optional<DeltaDetail> delta(ContextId context, DeltaId id);

  /** A delta as the DAG view draws it. */
  record DagDelta(
      DeltaId id, PublicKey author, long hlc, List<DeltaId> parents, int actions, boolean pending) {
    public DagDelta {
      parents = List.copyOf(parents);
    }
  }

  /**
   * The newest part of a DAG.
   *
   * @param applied newest applied deltas, oldest first
   * @param pending deltas waiting for parents, oldest first
   * @param missingParents parents the pending deltas wait for that nobody delivered yet
   */
  record DagPage(
      List<DeltaId> heads,
      List<DagDelta> applied,
      List<DagDelta> pending,
      int pendingCount,
      List<DeltaId> missingParents) {
    public DagPage {
      heads = List.copyOf(heads);
      applied = List.copyOf(applied);
      pending = List.copyOf(pending);
      missingParents = List.copyOf(missingParents);
    }
  }

  /**
   * A delta with its Lamport clock and one line per action (kind, target, key preview).
   *
   * @param actionCount all actions of the delta; {@code actions} may list only the first ones
   */
  record DeltaDetail(DagDelta delta, long lamport, List<String> actions, int actionCount) {
    public DeltaDetail {
      actions = List.copyOf(actions);
    }
  }
}

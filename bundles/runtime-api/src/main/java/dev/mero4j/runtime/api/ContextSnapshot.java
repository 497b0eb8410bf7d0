package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.List;

/**
 * A context's whole replicated state at one point, which a new or far-behind peer installs instead
 * of replaying a history it cannot get.
 *
 * @param root the root hash the state must hash to
 * @param heads the DAG heads the state was taken at
 * @param known every delta the state covers, pruned ones included: the receiver marks them applied
 *     so concurrent deltas naming any of them as a parent still apply
 * @param state the CRDT state in the snapshot format of docs/wire-format.md
 */
public record ContextSnapshot(Hash root, List<DeltaId> heads, List<DeltaId> known, byte[] state) {
  public ContextSnapshot {
    heads = List.copyOf(heads);
    known = List.copyOf(known);
  }
}

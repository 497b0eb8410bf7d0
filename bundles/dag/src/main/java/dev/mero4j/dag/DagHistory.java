package dev.mero4j.dag;

import dev.mero4j.crdt.Delta;
import dev.mero4j.dag.internal.DagStore;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.storage.api.StorageEngine;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A read-only view of one context's stored DAG records for looking back in time: the apply order of
 * every delta (kept for ever, pruning or not) and the bodies not yet pruned. It reads storage only,
 * never the live {@link CausalDag}, so it is safe from any thread while the DAG changes; what a
 * concurrent checkpoint prunes simply reads as absent.
 */
public final class DagHistory {
  private final DagStore store;

  public DagHistory(StorageEngine engine, ContextId context) {
    this.store = new DagStore(engine, context);
  }

  /**
   * The local apply sequence number of a delta this node applied (1 for the first); empty for a
   * delta it never applied itself (unknown, pending, or covered by a peer's snapshot).
   */
  public Optional<Long> seqOf(DeltaId id) {
    return store.seqOf(id);
  }

  /** The delta applied at {@code seq}, while its record is not pruned by a checkpoint. */
  public Optional<Delta> applied(long seq) {
    try {
      return store.applied(seq);
    } catch (CorruptDagException e) {
      // Stored by reference to an owner's copy this view does not hold: the caller reads that copy.
      return Optional.empty();
    }
  }

  /**
   * Visits the deltas applied with {@code after < seq <= through} whose records are not pruned,
   * ascending, in one range read of storage (far cheaper than a {@link #seqOf} and an {@link
   * #applied} per delta).
   */
  public void appliedBetween(long after, long through, BiConsumer<Long, Delta> visitor) {
    store.forEachAppliedBetween(after, through, visitor);
  }
}

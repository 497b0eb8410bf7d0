package dev.mero4j.console.api;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import java.util.List;
import java.util.Optional;

/** A node's replicas of its contexts as the console drives them: catch-up and the causal DAG. */
public interface ContextReplication {
  /**
   * Synchronises {@code context} with every connected peer now and returns when that finished.
   *
   * @throws NotSupportedByNodeException when the node runs offline (no transport)
   * @throws ConsoleException when the sync failed or timed out
   */
  void sync(ContextId context);

  /** The deltas of {@code context} with no children yet. */
  List<DeltaId> heads(ContextId context);

  /**
   * The parents of {@code delta} in {@code context}'s DAG; empty when the node does not hold that
   * delta (never received, or pruned after a checkpoint).
   */
  Optional<List<DeltaId>> parents(ContextId context, DeltaId delta);
}

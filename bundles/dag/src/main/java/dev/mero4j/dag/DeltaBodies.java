package dev.mero4j.dag;

import dev.mero4j.crdt.Delta;
import dev.mero4j.primitives.DeltaId;
import java.util.Optional;

/**
 * Where a DAG whose owner keeps each delta in a record of its own (a node keeps it in its stored
 * envelope) reads a delta back: the DAG then stores a reference, not a second copy.
 */
@FunctionalInterface
public interface DeltaBodies {
  /** The delta, decoded from the owner's copy (already verified: not checked again), if stored. */
  Optional<Delta> delta(DeltaId id);
}

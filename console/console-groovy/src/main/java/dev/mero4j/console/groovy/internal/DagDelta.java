package dev.mero4j.console.groovy.internal;

import dev.mero4j.primitives.DeltaId;
import java.util.List;

/** One delta of a context's causal DAG as a walk hands it to the script. */
public record DagDelta(DeltaId id, List<DeltaId> parents) {
  public DagDelta {
    parents = List.copyOf(parents);
  }
}

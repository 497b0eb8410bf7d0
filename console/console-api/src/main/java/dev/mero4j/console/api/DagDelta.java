package dev.mero4j.console.api;

import dev.mero4j.primitives.DeltaId;
import java.util.List;

/** One delta of a context's causal DAG as the console shows it. */
public record DagDelta(DeltaId id, List<DeltaId> parents) {
  public DagDelta {
    parents = List.copyOf(parents);
  }
}

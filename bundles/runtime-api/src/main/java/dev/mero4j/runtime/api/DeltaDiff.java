package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import java.util.List;

/**
 * What one delta changed: the state at it against the state just before it (its parents' causal
 * past, empty for a delta without parents).
 *
 * @param changes the difference; its {@code from} is null (the "before" state is no single delta)
 */
public record DeltaDiff(DeltaId delta, List<DeltaId> parents, StateDiff changes) {
  public DeltaDiff {
    parents = List.copyOf(parents);
  }
}

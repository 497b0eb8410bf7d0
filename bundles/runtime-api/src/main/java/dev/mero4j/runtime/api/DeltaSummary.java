package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * One delta of a context's history, as {@link ContextService#history} lists it.
 *
 * @param seq the order this node applied it in (1 is the first; newer deltas have larger numbers)
 * @param hlc the author's hybrid logical clock stamp (milliseconds since the epoch in the high
 *     bits)
 * @param hlcMillis the wall-clock part of {@code hlc}
 * @param actions how many actions of each kind the delta carries (put, remove, create, ...)
 */
public record DeltaSummary(
    DeltaId id,
    long seq,
    PublicKey author,
    long hlc,
    long hlcMillis,
    List<DeltaId> parents,
    Map<String, Integer> actions) {
  public DeltaSummary {
    parents = List.copyOf(parents);
    actions = Map.copyOf(actions);
  }
}

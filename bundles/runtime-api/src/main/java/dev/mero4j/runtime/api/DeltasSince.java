package dev.mero4j.runtime.api;

import dev.mero4j.primitives.DeltaId;
import java.util.List;

/**
 * What a replica holds that a peer with a given known set lacks.
 *
 * @param outcome whether the deltas can be served or a snapshot is the cheaper repair
 * @param ids the missing deltas in causal order (parents first) when {@link Outcome#DELTAS}
 */
public record DeltasSince(Outcome outcome, List<DeltaId> ids) {
  public DeltasSince {
    ids = List.copyOf(ids);
  }

  /** Whether the history can be served. */
  public enum Outcome {
    /** Every missing delta's envelope is held here; {@code ids} lists them. */
    DELTAS,
    /** A missing delta was pruned here: only a snapshot repairs the peer. */
    PRUNED,
    /** More deltas are missing than the caller's bound: a snapshot is cheaper. */
    TOO_FAR
  }
}

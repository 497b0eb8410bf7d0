package dev.mero4j.dag;

import dev.mero4j.primitives.DeltaId;
import java.util.List;

/**
 * What {@link CausalDag#add} did with a delta.
 *
 * @param status the fate of the delta itself
 * @param applied every delta applied by this call in apply order: the delta and the pending deltas
 *     it released
 */
public record AddOutcome(Status status, List<DeltaId> applied) {
  public AddOutcome {
    applied = List.copyOf(applied);
  }

  /** The fate of an added delta. */
  public enum Status {
    /** Applied now, possibly releasing pending deltas. */
    APPLIED,
    /** Buffered until its missing parents arrive. */
    PENDING,
    /** Already applied or already pending; nothing changed. */
    DUPLICATE
  }
}

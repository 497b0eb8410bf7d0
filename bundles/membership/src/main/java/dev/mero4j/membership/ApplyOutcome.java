package dev.mero4j.membership;

import dev.mero4j.primitives.GovernanceOpId;
import java.util.List;

/**
 * What adding a governance op did: applied (with every buffered op it released), buffered, or
 * nothing.
 */
public record ApplyOutcome(Status status, List<GovernanceOpId> applied) {
  public enum Status {
    /** Applied, followed by the buffered ops it released, in apply order. */
    APPLIED,
    /** Buffered until its missing parents arrive. */
    PENDING,
    /** Already applied or already buffered. */
    DUPLICATE
  }

  public ApplyOutcome {
    applied = List.copyOf(applied);
  }
}

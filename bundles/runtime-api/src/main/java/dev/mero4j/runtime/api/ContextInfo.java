package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import java.util.List;

/** A context's identity and current state summary. */
public record ContextInfo(
    ContextId id, ApplicationId applicationId, Hash rootHash, List<DeltaId> dagHeads) {
  public ContextInfo {
    dagHeads = List.copyOf(dagHeads);
  }
}

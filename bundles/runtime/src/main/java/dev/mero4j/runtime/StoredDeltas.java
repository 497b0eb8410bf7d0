package dev.mero4j.runtime;

import dev.mero4j.dag.DeltaBodies;
import dev.mero4j.membership.ContextMembership;
import dev.mero4j.membership.PayloadKind;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.internal.ContextStore;
import dev.mero4j.runtime.internal.EnvelopeBodies;
import dev.mero4j.storage.api.StorageEngine;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * Where a context's causal DAG, reopened from a node's store outside the runtime (a storage
 * migration's root-hash check), reads its deltas: the runtime stores each delta once, in its sealed
 * envelope, and the DAG refers to it ({@link DeltaBodies}). Only reads the store.
 */
public final class StoredDeltas {
  private StoredDeltas() {}

  /**
   * The deltas of {@code context} in {@code storage}, opened with the key ring its member identity
   * holds there; a context without a record has none (its DAG must then hold copies).
   */
  public static DeltaBodies of(StorageEngine storage, ContextId context, Clock clock) {
    ContextStore store = new ContextStore(storage);
    Optional<ContextStore.ContextRecord> record =
        store.contexts().stream().filter(r -> r.id().equals(context)).findFirst();
    if (record.isEmpty()) {
      return id -> Optional.empty();
    }
    ContextMembership membership =
        ContextMembership.open(context, record.get().member(), storage, clock, new SecureRandom());
    return EnvelopeBodies.of(
        store, context, stored -> membership.open(PayloadKind.DELTA_ENVELOPE, stored));
  }
}

package dev.mero4j.runtime;

import dev.mero4j.crdt.Delta;
import dev.mero4j.primitives.ApplicationId;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.DeltaId;
import dev.mero4j.primitives.Hash;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.KeyDelivery;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.ReplicaTransfer;
import java.util.List;
import java.util.Optional;

/**
 * One loaded context seen from outside its node's writes: the replication contract (log, transfer,
 * governance, keys) plus what tools and tests read of its DAG.
 */
public interface ContextReplica
    extends ReplicaLog, ReplicaTransfer, GovernanceChannel, KeyDelivery {
  ContextId id();

  ApplicationId application();

  Hash rootHash();

  List<DeltaId> heads();

  /** Deltas applied to this context since it began, its checkpointed ones included. */
  long appliedCount();

  /** The parents of an applied delta whose envelope this node still holds (for DAG walks). */
  Optional<List<DeltaId>> parents(DeltaId id);

  /** Ids of up to {@code limit} most recently applied deltas still stored, oldest first. */
  List<DeltaId> recentDeltas(int limit);

  /** Ids of up to {@code limit} deltas waiting for their parents, oldest first. */
  List<DeltaId> pendingDeltas(int limit);

  /** An applied delta still stored, or a pending one: author, HLC, parents and actions. */
  Optional<Delta> delta(DeltaId id);
}

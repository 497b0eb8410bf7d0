package dev.mero4j.replication.internal;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.runtime.api.GovernanceChannel;
import dev.mero4j.runtime.api.KeyDelivery;
import dev.mero4j.runtime.api.ReplicaDirectory;
import dev.mero4j.runtime.api.ReplicaLog;
import dev.mero4j.runtime.api.ReplicaTransfer;

/** The runtime's interfaces for one context, looked up together for one piece of sync work. */
public record Replica(
    ContextId id,
    ReplicaLog log,
    ReplicaTransfer transfer,
    GovernanceChannel governance,
    KeyDelivery keys) {

  /**
   * Looks {@code id} up in {@code replicas}.
   *
   * @throws dev.mero4j.runtime.api.UnknownContextException when this node does not hold it
   */
  public static Replica of(ReplicaDirectory replicas, ContextId id) {
    return new Replica(
        id, replicas.log(id), replicas.transfer(id), replicas.governance(id), replicas.keys(id));
  }
}

package dev.mero4j.runtime.api;

import dev.mero4j.primitives.ContextId;
import java.util.Set;

/**
 * The contexts of a node as replication reaches them; each lookup throws {@link
 * UnknownContextException} for a context not held.
 */
public interface ReplicaDirectory {
  /** Ids of every context held here. */
  Set<ContextId> contextIds();

  ReplicaLog log(ContextId context);

  ReplicaTransfer transfer(ContextId context);

  GovernanceChannel governance(ContextId context);

  KeyDelivery keys(ContextId context);

  /**
   * The context's 32-byte rendezvous secret, known to its members only: replication derives the
   * keys members announce themselves under in the DHT from it.
   */
  byte[] rendezvousSecret(ContextId context);
}

package dev.mero4j.server;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the node tells clients about itself beyond applications and contexts; the node implements
 * it.
 */
public interface NodeInfo {
  /** The node's public key and, when a transport runs, its peer id. */
  Identity identity();

  /** Peers currently connected. */
  default List<Peer> peers() {
    return List.of();
  }

  /** The state of the peer-to-peer network. */
  default NetworkStatus networkStatus() {
    return new NetworkStatus(false, List.of(), 0);
  }

  /** The sync state of a context, empty if the node does not know the context. */
  default Optional<SyncStatus> syncStatus(ContextId context) {
    return Optional.empty();
  }

  /** Number of deltas in each context's DAG, for metrics; empty when unknown. */
  default Map<ContextId, Long> dagSizes() {
    return Map.of();
  }

  /**
   * Replication task runs that failed since start (each logged; replication went on), for metrics;
   * empty offline.
   */
  default OptionalLong replicationTaskFailures() {
    return OptionalLong.empty();
  }

  /** Live provider swaps, when the node supports them. */
  default Optional<ProviderAdmin> providerAdmin() {
    return Optional.empty();
  }

  /** The node's identity. */
  record Identity(PublicKey publicKey, Optional<String> peerId) {}

  /** A connected peer and the addresses it is reached on. */
  record Peer(String peerId, List<String> addresses) {
    public Peer {
      addresses = List.copyOf(addresses);
    }
  }

  /** Whether a transport runs, where it listens and how many peers are connected. */
  record NetworkStatus(boolean enabled, List<String> listenAddresses, int connectedPeers) {
    public NetworkStatus {
      listenAddresses = List.copyOf(listenAddresses);
    }
  }

  /**
   * Calimero's sync status of a context.
   *
   * @param state one of {@code idle}, {@code waitingForPeers}, {@code syncing}, {@code
   *     receivingSnapshot}, {@code backingOff}
   * @param snapshot bytes received of the snapshot being received, while {@code receivingSnapshot}
   */
  record SyncStatus(
      boolean initialized,
      String state,
      int failureCount,
      Optional<String> lastError,
      Optional<SnapshotProgress> snapshot) {
    public SyncStatus(
        boolean initialized, String state, int failureCount, Optional<String> lastError) {
      this(initialized, state, failureCount, lastError, Optional.empty());
    }
  }

  /** Progress of a snapshot transfer: image bytes received of the total. */
  record SnapshotProgress(long receivedBytes, long totalBytes) {}
}

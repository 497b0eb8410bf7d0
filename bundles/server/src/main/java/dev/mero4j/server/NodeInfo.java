package dev.mero4j.server;

import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import java.time.Duration;
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

  /**
   * Connects to the peer at {@code address} (a multiaddr, normally ending in {@code /p2p/<peer
   * id>}) within {@code timeout} and returns its peer id.
   *
   * @throws PeerConnectionException when the address is malformed, the peer cannot be reached in
   *     time or the node runs offline
   */
  default String connect(String address, Duration timeout) {
    throw new PeerConnectionException(
        PeerConnectionException.Reason.OFFLINE, "this node runs without a transport");
  }

  /**
   * Closes every connection to {@code peerId}.
   *
   * @throws PeerConnectionException when the peer id is malformed or no connection is open
   */
  default void disconnect(String peerId) {
    throw new PeerConnectionException(
        PeerConnectionException.Reason.NOT_CONNECTED, "not connected to " + peerId);
  }

  /** The blob store of the node's contexts, when the node keeps blobs. */
  default Optional<dev.mero4j.runtime.api.ContextBlobs> blobs() {
    return Optional.empty();
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

  /**
   * What replication did since start, by counter name ({@code gossip_published}, {@code
   * gossip_applied}, {@code gossip_pending}, {@code gossip_duplicates}, {@code rejected}, {@code
   * sync_rounds}, {@code sync_peer_errors}, {@code deltas_fetched}), for metrics; empty offline.
   */
  default Map<String, Long> replicationCounters() {
    return Map.of();
  }

  /** Live provider swaps, when the node supports them. */
  default Optional<ProviderAdmin> providerAdmin() {
    return Optional.empty();
  }

  /** The causal DAGs of the node's contexts, for the dashboard; empty without a runtime. */
  default Optional<DagReader> dag() {
    return Optional.empty();
  }

  /** The node's identity. */
  record Identity(PublicKey publicKey, Optional<String> peerId) {}

  /**
   * A connected peer.
   *
   * @param addresses the remote addresses of its connections
   * @param direction {@code inbound}, {@code outbound} (this node dialled) or {@code unknown}
   * @param relayed whether every connection to it passes through a circuit relay
   * @param agent the agent version it announced (identify), once known
   */
  record Peer(
      String peerId,
      List<String> addresses,
      String direction,
      boolean relayed,
      Optional<String> agent) {
    public Peer {
      addresses = List.copyOf(addresses);
    }

    /** A peer about which only the addresses are known. */
    public Peer(String peerId, List<String> addresses) {
      this(peerId, addresses, "unknown", false, Optional.empty());
    }
  }

  /**
   * Whether a transport runs and where this node stands in the network.
   *
   * @param listenAddresses dialable multiaddrs with {@code /p2p/}, wildcards expanded
   * @param connectedPeers distinct connected peers
   * @param reachability {@code unknown}, {@code public} or {@code private} (AutoNAT)
   * @param observedAddresses the addresses peers saw this node at (identify)
   * @param relayAddresses {@code /p2p-circuit} addresses through relays holding a reservation
   * @param routingTableSize peers in the DHT routing table (0 without a DHT)
   * @param connections open connections (several may lead to one peer)
   */
  record NetworkStatus(
      boolean enabled,
      List<String> listenAddresses,
      int connectedPeers,
      String reachability,
      List<String> observedAddresses,
      List<String> relayAddresses,
      int routingTableSize,
      int connections) {
    public NetworkStatus {
      listenAddresses = List.copyOf(listenAddresses);
      observedAddresses = List.copyOf(observedAddresses);
      relayAddresses = List.copyOf(relayAddresses);
    }

    /** A status that knows only the listen addresses and the peers. */
    public NetworkStatus(boolean enabled, List<String> listenAddresses, int connectedPeers) {
      this(
          enabled,
          listenAddresses,
          connectedPeers,
          "unknown",
          List.of(),
          List.of(),
          0,
          connectedPeers);
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

package dev.mero4j.node.internal;

import dev.mero4j.blobs.BlobStore;
import dev.mero4j.primitives.ContextId;
import dev.mero4j.primitives.PublicKey;
import dev.mero4j.replication.Replicator;
import dev.mero4j.runtime.ContextManager;
import dev.mero4j.runtime.api.ContextBlobs;
import dev.mero4j.server.DagReader;
import dev.mero4j.server.NodeInfo;
import dev.mero4j.server.ProviderAdmin;
import dev.mero4j.storage.api.StorageEngine;
import dev.mero4j.transport.api.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** The node's answers to the client API about identity, peers, network and sync. */
public final class NodeInfoAdapter implements NodeInfo {
  private final PublicKey identity;
  private final Supplier<Transport> transports;
  private final ContextManager contexts;
  private final Supplier<Replicator> replicators;
  private final Optional<ProviderAdmin> providerAdmin;
  private final Optional<ContextBlobs> blobs;

  /** The suppliers give null while the node runs offline (or has not started its transport yet). */
  public NodeInfoAdapter(
      PublicKey identity,
      Supplier<Transport> transport,
      ContextManager contexts,
      Supplier<Replicator> replicator) {
    this(identity, transport, contexts, replicator, Optional.empty());
  }

  /** With live provider swaps served by {@code providerAdmin}. */
  public NodeInfoAdapter(
      PublicKey identity,
      Supplier<Transport> transport,
      ContextManager contexts,
      Supplier<Replicator> replicator,
      Optional<ProviderAdmin> providerAdmin) {
    this(identity, transport, contexts, replicator, providerAdmin, Optional.empty());
  }

  /**
   * With blobs kept in {@code storage} (the node's swappable engine), sealed per context and
   * deleted with their context.
   */
  public NodeInfoAdapter(
      PublicKey identity,
      Supplier<Transport> transport,
      ContextManager contexts,
      Supplier<Replicator> replicator,
      Optional<ProviderAdmin> providerAdmin,
      Optional<StorageEngine> storage) {
    Optional<BlobStore> store =
        storage.map(
            s -> new BlobStore(s, new NodeBlobKeys(contexts), BlobStore.DEFAULT_MAX_BLOB_BYTES));
    // A deleted context takes its blobs with it.
    store.ifPresent(b -> contexts.onDelete(b::deleteAll));
    this.blobs = store.map(b -> b);
    this.providerAdmin = providerAdmin;
    this.identity = identity;
    this.transports = transport;
    this.contexts = contexts;
    this.replicators = replicator;
  }

  @Override
  public Optional<ContextBlobs> blobs() {
    return blobs;
  }

  @Override
  public Optional<ProviderAdmin> providerAdmin() {
    return providerAdmin;
  }

  @Override
  public Optional<DagReader> dag() {
    return Optional.of(new NodeDagReader(contexts));
  }

  @Override
  public Identity identity() {
    Transport transport = transports.get();
    return new Identity(
        identity, Optional.ofNullable(transport).map(t -> t.localPeer().id().value()));
  }

  @Override
  public List<Peer> peers() {
    Transport transport = transports.get();
    if (transport == null) {
      return List.of();
    }
    return PeerCommands.peers(transport);
  }

  @Override
  public String connect(String address, Duration timeout) {
    Transport transport = transports.get();
    if (transport == null) {
      return NodeInfo.super.connect(address, timeout);
    }
    return PeerCommands.connect(transport, address, timeout);
  }

  @Override
  public void disconnect(String peerId) {
    Transport transport = transports.get();
    if (transport == null) {
      NodeInfo.super.disconnect(peerId);
      return;
    }
    PeerCommands.disconnect(transport, peerId);
  }

  @Override
  public NetworkStatus networkStatus() {
    Transport transport = transports.get();
    if (transport == null) {
      return NodeInfo.super.networkStatus();
    }
    return PeerCommands.status(transport, dialable(transport.localPeer()));
  }

  /**
   * What another node dials to reach this one: each listen address (wildcards already expanded by
   * the transport) with {@code /p2p/<peer id>}.
   */
  public static List<String> dialable(Transport.PeerInfo self) {
    return self.listenAddresses().stream()
        .map(address -> address.contains("/p2p/") ? address : address + "/p2p/" + self.id().value())
        .toList();
  }

  @Override
  public Optional<NodeInfo.SyncStatus> syncStatus(ContextId context) {
    if (!contexts.contextIds().contains(context)) {
      return Optional.empty();
    }
    Replicator replicator = replicators.get();
    if (replicator == null) {
      return Optional.of(new NodeInfo.SyncStatus(true, "waitingForPeers", 0, Optional.empty()));
    }
    dev.mero4j.replication.SyncStatus status = replicator.status(context);
    String state =
        switch (status.state()) {
          case SYNCING -> "syncing";
          case RECEIVING_SNAPSHOT -> "receivingSnapshot";
          case BACKING_OFF -> "backingOff";
          case IDLE -> status.peers() == 0 ? "waitingForPeers" : "idle";
        };
    return Optional.of(
        new NodeInfo.SyncStatus(
            status.lastSync().isPresent(),
            state,
            status.lastError().isPresent() ? 1 : 0,
            status.lastError(),
            status
                .snapshot()
                .map(p -> new NodeInfo.SnapshotProgress(p.receivedBytes(), p.totalBytes()))));
  }

  @Override
  public OptionalLong replicationTaskFailures() {
    Replicator replicator = replicators.get();
    return replicator == null
        ? OptionalLong.empty()
        : OptionalLong.of(replicator.failedTaskCount());
  }

  @Override
  public Map<String, Long> replicationCounters() {
    Replicator replicator = replicators.get();
    if (replicator == null) {
      return Map.of();
    }
    dev.mero4j.replication.ReplicationStats stats = replicator.stats();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("gossip_published", stats.gossipPublished());
    counters.put("gossip_applied", stats.gossipApplied());
    counters.put("gossip_pending", stats.gossipPending());
    counters.put("gossip_duplicates", stats.gossipDuplicates());
    counters.put("rejected", stats.rejected());
    counters.put("sync_rounds", stats.syncRounds());
    counters.put("sync_peer_errors", stats.syncPeerErrors());
    counters.put("deltas_fetched", stats.deltasFetched());
    return counters;
  }

  @Override
  public Map<ContextId, Long> dagSizes() {
    Map<ContextId, Long> sizes = new LinkedHashMap<>();
    for (ContextId id : contexts.contextIds()) {
      sizes.put(id, contexts.replica(id).appliedCount());
    }
    return sizes;
  }
}

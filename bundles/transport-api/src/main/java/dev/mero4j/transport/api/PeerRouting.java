package dev.mero4j.transport.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Finding peers without a central server (a Kademlia DHT for libp2p): announcing this node under
 * opaque keys and looking up who announced a key. Keys are chosen by the caller; the network sees
 * only the keys, never what they stand for. Thread-safe.
 */
public interface PeerRouting {
  /**
   * Announces this node as a provider of {@code key} and keeps the announcement fresh until {@link
   * #stopProviding}; completes when the first announcement reached the closest peers found.
   */
  CompletionStage<Void> provide(byte[] key);

  /** Stops refreshing the announcement of {@code key} (records elsewhere expire on their own). */
  void stopProviding(byte[] key);

  /** Up to {@code limit} peers that announced {@code key}, with their addresses. */
  CompletionStage<List<PeerAddresses>> findProviders(byte[] key, int limit);

  /** The addresses of {@code peer}, from the routing table or a network lookup. */
  CompletionStage<Optional<PeerAddresses>> findPeer(PeerId peer);

  /** Peers in the routing table now. */
  int routingTableSize();
}

package dev.mero4j.console.api;

import dev.mero4j.runtime.api.ApplicationRegistry;
import dev.mero4j.runtime.api.ContextService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A running node as the console sees it, implemented by the node and handed to the console (a
 * Declarative Services service in OSGi, a constructor argument outside).
 */
public interface ConsoleNode {
  /** The node's home directory; the console keeps its history, aliases and socket there. */
  Path home();

  /** Identity, addresses and providers, as of now. */
  NodeDescription describe();

  /** The installed applications; empty when the node runs without a WASM engine. */
  Optional<ApplicationRegistry> applications();

  /** The contexts; empty when the node runs without a WASM engine. */
  Optional<ContextService> contexts();

  /** Peer ids of the peers with an open connection now; empty when the node runs offline. */
  List<String> connectedPeers();

  /** The connected peers with their addresses, direction and agent; empty when offline. */
  default List<PeerSummary> peers() {
    return connectedPeers().stream()
        .map(p -> new PeerSummary(p, List.of(), "unknown", false, Optional.empty()))
        .toList();
  }

  /**
   * Connects to the peer at {@code address} (a multiaddr, normally ending in {@code /p2p/<peer
   * id>}), waiting a bounded time; returns its peer id.
   */
  default String connect(String address) {
    throw new NotSupportedByNodeException("connecting to peers");
  }

  /** Closes every connection to {@code peerId}. */
  default void disconnect(String peerId) {
    throw new NotSupportedByNodeException("disconnecting peers");
  }

  /** Reachability, addresses, DHT table size and connection counts. */
  default NetworkSummary network() {
    throw new NotSupportedByNodeException("network status");
  }

  /**
   * Replaces the provider of {@code capability} ({@code storage}, {@code wasm}) by the deployed
   * provider called {@code name}, live, waits until the swap finished and says what happened.
   *
   * @throws ConsoleException when the swap rolled back; the node's own exception when it could not
   *     start (unknown capability or provider, already active, another swap running)
   */
  String swapProvider(String capability, String name);

  /**
   * Re-opens the transport on the deployed provider called {@code name}, listening on {@code
   * listen} (multiaddrs such as {@code /ip4/0.0.0.0/tcp/4001}), live, waits until the swap finished
   * and says what happened.
   *
   * @throws ConsoleException when the swap rolled back; the node's own exception when it could not
   *     start (bad listen addresses, provider missing, same provider and addresses already active)
   */
  default String swapTransport(String name, List<String> listen) {
    throw new NotSupportedByNodeException("swapping the transport onto other listen addresses");
  }

  /** The replicas of the node's contexts; empty when the node runs without a WASM engine. */
  Optional<ContextReplication> replication();
}

package dev.mero4j.console.api;

import java.util.List;

/**
 * Where the node stands in the peer-to-peer network, for the operator.
 *
 * @param reachability {@code unknown}, {@code public} or {@code private} (AutoNAT)
 * @param listenAddresses dialable multiaddrs with {@code /p2p/}
 * @param observedAddresses addresses peers saw this node at
 * @param relayAddresses {@code /p2p-circuit} addresses through relays holding a reservation
 * @param routingTableSize peers in the DHT routing table (0 without a DHT)
 * @param connectedPeers distinct connected peers
 * @param connections open connections
 */
public record NetworkSummary(
    String reachability,
    List<String> listenAddresses,
    List<String> observedAddresses,
    List<String> relayAddresses,
    int routingTableSize,
    int connectedPeers,
    int connections) {
  public NetworkSummary {
    listenAddresses = List.copyOf(listenAddresses);
    observedAddresses = List.copyOf(observedAddresses);
    relayAddresses = List.copyOf(relayAddresses);
  }
}

package dev.mero4j.transport.api;

import java.util.List;
import java.util.Objects;

/**
 * What a transport knows of its place in the network, for operators ({@code mero4j network status},
 * the console and the admin API).
 *
 * @param reachability whether other peers can dial this node directly, as far as it can tell
 * @param listenAddresses the addresses the node listens on, wildcards expanded, with {@code /p2p/}
 * @param observedAddresses addresses other peers saw this node connect from (identify)
 * @param relayAddresses {@code /p2p-circuit} addresses through relays holding a reservation for it
 * @param routingTableSize peers in the DHT routing table (0 without a DHT)
 * @param connections the open connections
 */
public record NetworkStatus(
    Reachability reachability,
    List<String> listenAddresses,
    List<String> observedAddresses,
    List<String> relayAddresses,
    int routingTableSize,
    List<ConnectionInfo> connections) {
  public NetworkStatus {
    Objects.requireNonNull(reachability, "reachability");
    listenAddresses = List.copyOf(listenAddresses);
    observedAddresses = List.copyOf(observedAddresses);
    relayAddresses = List.copyOf(relayAddresses);
    connections = List.copyOf(connections);
  }

  /** Whether peers outside this node's network can dial it (AutoNAT's verdict). */
  public enum Reachability {
    /** Not yet probed, or the probes disagree. */
    UNKNOWN,
    /** Peers dialled back an observed address. */
    PUBLIC,
    /** Dial-backs failed: the node sits behind a NAT or firewall. */
    PRIVATE
  }

  /**
   * One open connection.
   *
   * @param peer the remote peer
   * @param remoteAddress the remote multiaddr (a {@code /p2p-circuit} address when relayed)
   * @param outbound true when this node dialled
   * @param relayed true when the bytes travel through a relay
   */
  public record ConnectionInfo(
      PeerId peer, String remoteAddress, boolean outbound, boolean relayed) {
    public ConnectionInfo {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(remoteAddress, "remoteAddress");
    }
  }
}

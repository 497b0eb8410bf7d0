package dev.mero4j.transport.api;

import java.util.Objects;

/**
 * How a transport finds peers and gets through NATs; transports ignore what they do not support.
 *
 * @param mdns announce and discover peers on the LAN with mDNS, dialling those found
 * @param dht run the Kademlia DHT (peer routing, provider records)
 * @param dhtProtocol the DHT's protocol id: {@link #PRIVATE_DHT} keeps a separate network, {@code
 *     /ipfs/kad/1.0.0} joins the public libp2p DHT
 * @param relayService serve as a circuit relay v2 for other peers (within its limits)
 * @param natTraversal probe reachability (AutoNAT), reserve slots on relays while the node is not
 *     known to be publicly reachable, and upgrade relayed connections to direct ones (DCUtR)
 */
public record DiscoveryOptions(
    boolean mdns, boolean dht, String dhtProtocol, boolean relayService, boolean natTraversal) {
  /** The protocol id of Mero4j's own DHT. */
  public static final String PRIVATE_DHT = "/mero4j/kad/1.0.0";

  /** Nothing but the configured bootstrap peers: what unit tests and embedded clusters use. */
  public static final DiscoveryOptions NONE =
      new DiscoveryOptions(false, false, PRIVATE_DHT, false, false);

  /** What a freshly initialised node runs: LAN discovery, the DHT and NAT traversal. */
  public static final DiscoveryOptions DEFAULTS =
      new DiscoveryOptions(true, true, PRIVATE_DHT, false, true);

  public DiscoveryOptions {
    Objects.requireNonNull(dhtProtocol, "dhtProtocol");
    if (!dhtProtocol.startsWith("/")) {
      throw new IllegalArgumentException("a DHT protocol id starts with '/': " + dhtProtocol);
    }
  }
}

package dev.mero4j.transport.api;

import dev.mero4j.primitives.KeyPair;
import java.util.List;
import java.util.Objects;

/**
 * How a transport identifies itself and where it listens.
 *
 * @param identity the node's Ed25519 identity; its public key is the peer id
 * @param listenAddresses multiaddrs to listen on, such as {@code /ip4/127.0.0.1/tcp/2428}
 * @param bootstrapPeers multiaddrs (with {@code /p2p/<id>}) dialled at start
 * @param discovery how the transport finds peers beyond the bootstrap list
 */
public record TransportConfig(
    KeyPair identity,
    List<String> listenAddresses,
    List<String> bootstrapPeers,
    DiscoveryOptions discovery) {
  public TransportConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(discovery, "discovery");
    listenAddresses = List.copyOf(listenAddresses);
    bootstrapPeers = List.copyOf(bootstrapPeers);
  }

  /** A transport that knows only its bootstrap peers ({@link DiscoveryOptions#NONE}). */
  public TransportConfig(
      KeyPair identity, List<String> listenAddresses, List<String> bootstrapPeers) {
    this(identity, listenAddresses, bootstrapPeers, DiscoveryOptions.NONE);
  }
}

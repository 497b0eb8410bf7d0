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
 */
public record TransportConfig(
    KeyPair identity, List<String> listenAddresses, List<String> bootstrapPeers) {
  public TransportConfig {
    Objects.requireNonNull(identity, "identity");
    listenAddresses = List.copyOf(listenAddresses);
    bootstrapPeers = List.copyOf(bootstrapPeers);
  }
}

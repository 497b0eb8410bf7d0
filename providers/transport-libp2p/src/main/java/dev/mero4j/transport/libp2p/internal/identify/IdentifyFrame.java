package dev.mero4j.transport.libp2p.internal.identify;

import java.util.List;

/**
 * An identify message.
 *
 * @param publicKey protobuf-encoded libp2p public key
 * @param listenAddrs binary multiaddrs
 * @param observedAddr the binary multiaddr the sender sees us at, or null
 */
public record IdentifyFrame(
    String protocolVersion,
    String agentVersion,
    byte[] publicKey,
    List<byte[]> listenAddrs,
    byte[] observedAddr,
    List<String> protocols) {
  public IdentifyFrame {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }
}

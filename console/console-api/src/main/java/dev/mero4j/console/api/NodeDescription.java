package dev.mero4j.console.api;

import java.util.List;
import java.util.Map;

/**
 * What a node is, for the operator.
 *
 * @param identity the node's public key, Base58
 * @param peerId its libp2p peer id, or {@code null} when it runs offline
 * @param addresses the addresses it listens on
 * @param activeProviders capability ({@code storage}, {@code transport}, {@code wasm}) to the
 *     provider in use
 * @param deployedProviders capability to every provider deployed in the node
 */
public record NodeDescription(
    String identity,
    String peerId,
    List<String> addresses,
    Map<String, String> activeProviders,
    Map<String, List<String>> deployedProviders) {
  public NodeDescription {
    addresses = List.copyOf(addresses);
    activeProviders = Map.copyOf(activeProviders);
    deployedProviders = Map.copyOf(deployedProviders);
  }
}

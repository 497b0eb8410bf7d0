package dev.mero4j.console.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A connected peer, for the operator.
 *
 * @param addresses the remote multiaddrs of its connections
 * @param direction {@code inbound}, {@code outbound} (this node dialled) or {@code unknown}
 * @param relayed whether every connection to it passes through a circuit relay
 * @param agent the agent version it announced, once known
 */
public record PeerSummary(
    String peerId,
    List<String> addresses,
    String direction,
    boolean relayed,
    Optional<String> agent) {
  public PeerSummary {
    Objects.requireNonNull(peerId, "peerId");
    addresses = List.copyOf(addresses);
  }
}

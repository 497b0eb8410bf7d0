package dev.mero4j.runtime.api;

import java.util.List;
import java.util.Objects;

/**
 * A node's libp2p peer id and the multiaddrs it can be dialled at, as an invitation carries them.
 *
 * @param peer the peer id (base58), empty when unknown
 * @param addresses multiaddrs, direct ones first and relayed ones last
 */
public record PeerRoute(String peer, List<String> addresses) {
  /** No way in known: the joiner asks only peers it is already connected to. */
  public static final PeerRoute NONE = new PeerRoute("", List.of());

  public PeerRoute {
    Objects.requireNonNull(peer, "peer");
    addresses = List.copyOf(addresses);
  }

  /** True when a peer is named. */
  public boolean known() {
    return !peer.isEmpty();
  }
}

package dev.mero4j.transport.api;

import java.util.List;
import java.util.Objects;

/** A peer and the multiaddrs it can be dialled at (direct ones first, relayed ones last). */
public record PeerAddresses(PeerId peer, List<String> addresses) {
  public PeerAddresses {
    Objects.requireNonNull(peer, "peer");
    addresses = List.copyOf(addresses);
  }
}

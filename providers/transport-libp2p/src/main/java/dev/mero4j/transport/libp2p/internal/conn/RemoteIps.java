package dev.mero4j.transport.libp2p.internal.conn;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the IP address a peer is connected from out of its connections' multiaddrs, preferring a
 * direct connection; a relayed one gives the relay's address.
 */
public final class RemoteIps {
  private static final System.Logger LOG = System.getLogger(RemoteIps.class.getName());

  private RemoteIps() {}

  /** The IP address of {@code peer}'s connection among {@code connections}, when one is open. */
  public static Optional<InetAddress> of(List<Connection> connections, PeerId peer) {
    Optional<InetAddress> relayed = Optional.empty();
    for (Connection c : connections) {
      if (c.peer().equals(peer)) {
        if (!NetworkView.relayed(c.remoteAddress())) {
          return ip(c.remoteAddress());
        }
        relayed = relayed.or(() -> ip(c.remoteAddress()));
      }
    }
    return relayed;
  }

  /**
   * The {@code /ip4} or {@code /ip6} component of {@code address} as an address; only a literal is
   * parsed (a value that could be a host name is refused), so this never resolves a name.
   */
  static Optional<InetAddress> ip(Multiaddr address) {
    Optional<String> literal =
        address
            .value("ip4")
            .filter(v -> v.matches("[0-9.]+"))
            .or(() -> address.value("ip6").filter(v -> v.contains(":")));
    if (literal.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(literal.get()));
    } catch (UnknownHostException e) {
      LOG.log(System.Logger.Level.DEBUG, "unreadable IP in {0}: {1}", address, e.getMessage());
      return Optional.empty();
    }
  }
}

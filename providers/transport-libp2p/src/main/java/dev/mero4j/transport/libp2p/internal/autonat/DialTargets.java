package dev.mero4j.transport.libp2p.internal.autonat;

import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Picks the addresses a dial-back may go to: plain TCP addresses on the requester's own IP. */
final class DialTargets {
  private DialTargets() {}

  /**
   * The distinct {@code /ip4|ip6/…/tcp/…} addresses among {@code requested} whose IP is the one
   * {@code observed} (the requester's connection) comes from, in request order, without {@code
   * /p2p}; unreadable or other addresses are left out.
   */
  static List<Multiaddr> onObservedIp(List<byte[]> requested, Multiaddr observed) {
    Optional<InetAddress> ip = ipOf(observed);
    if (ip.isEmpty()) {
      return List.of();
    }
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (byte[] bytes : requested) {
      Multiaddr.tryFromBytes(bytes)
          .map(Multiaddr::withoutPeer)
          .filter(a -> a.components().size() == 2 && a.value("tcp").isPresent())
          .filter(a -> ipOf(a).equals(ip))
          .ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /** The IP of an {@code /ip4} or {@code /ip6} address (literals only, never a DNS lookup). */
  static Optional<InetAddress> ipOf(Multiaddr a) {
    Optional<String> literal = a.value("ip4").or(() -> a.value("ip6"));
    if (literal.isEmpty() || !a.components().get(0).name().startsWith("ip")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(literal.get()));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}

package dev.mero4j.transport.libp2p.internal.dcutr;

import dev.mero4j.transport.libp2p.internal.util.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the addresses hole punching exchanges and dials: what a NAT maps this node to as seen
 * from outside (identify's observed addresses) and public listen addresses, never ones the other
 * side cannot reach (loopback, link-local, a private listen address of this home network).
 */
public final class PunchAddresses {
  /** Addresses one CONNECT carries, and that one SYNC makes this node dial. */
  public static final int MAX_ADDRS = 8;

  private PunchAddresses() {}

  /** How far an IP address reaches. */
  enum Scope {
    /** Unspecified, multicast, link-local: never a destination for a punch. */
    UNUSABLE,
    /** This machine only. */
    LOOPBACK,
    /** A private or shared range (RFC 1918, RFC 6598, unique-local IPv6): one site's network. */
    PRIVATE,
    PUBLIC
  }

  /**
   * What this node tells the other side in CONNECT: its observed addresses first (the mappings its
   * NAT made for connections from the listen port), then its public listen addresses. Loopback ones
   * only when the relay is reached over loopback (both ends on one machine).
   */
  public static List<Multiaddr> advertised(
      Collection<Multiaddr> observed, Collection<Multiaddr> listen, boolean viaLoopback) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (Multiaddr a : observed) {
      plain(a)
          .filter(p -> usable(scope(p), viaLoopback, true))
          .filter(p -> !isWildcardPort(p))
          .ifPresent(out::add);
    }
    for (Multiaddr a : listen) {
      plain(a).filter(p -> usable(scope(p), viaLoopback, false)).ifPresent(out::add);
    }
    return out.stream().limit(MAX_ADDRS).toList();
  }

  /**
   * Which of the addresses the other side sent this node dials: TCP over IP only, loopback only
   * when the relay is reached over loopback, never unspecified, multicast or link-local ones (a
   * peer cannot make this node connect to its own services), at most {@value #MAX_ADDRS}.
   */
  public static List<Multiaddr> toDial(Collection<Multiaddr> received, boolean viaLoopback) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (Multiaddr a : received) {
      plain(a)
          .filter(p -> usable(scope(p), viaLoopback, true))
          .filter(p -> !isWildcardPort(p))
          .ifPresent(out::add);
    }
    return out.stream().limit(MAX_ADDRS).toList();
  }

  /** True when the circuit {@code relayed} goes through a relay reached over loopback. */
  public static boolean viaLoopback(Multiaddr relayed) {
    return relayed.isRelayed() && scope(relayed.relay()) == Scope.LOOPBACK;
  }

  private static boolean usable(Scope scope, boolean viaLoopback, boolean privateAllowed) {
    return switch (scope) {
      case UNUSABLE -> false;
      case LOOPBACK -> viaLoopback;
      case PRIVATE -> privateAllowed || viaLoopback;
      case PUBLIC -> true;
    };
  }

  /** {@code /ip4|ip6/HOST/tcp/PORT} without /p2p, or empty for anything else. */
  private static Optional<Multiaddr> plain(Multiaddr a) {
    if (a.isRelayed() || a.value("tcp").isEmpty()) {
      return Optional.empty();
    }
    if (a.value("ip4").isEmpty() && a.value("ip6").isEmpty()) {
      return Optional.empty();
    }
    Multiaddr p = a.withoutPeer();
    return p.components().size() == 2 ? Optional.of(p) : Optional.empty();
  }

  private static boolean isWildcardPort(Multiaddr a) {
    return a.value("tcp").map("0"::equals).orElse(true);
  }

  /** The reach of {@code a}'s IP address ({@link Scope#UNUSABLE} when it has none). */
  static Scope scope(Multiaddr a) {
    Optional<String> literal = a.value("ip4").or(() -> a.value("ip6"));
    if (literal.isEmpty()) {
      return Scope.UNUSABLE;
    }
    InetAddress ip;
    try {
      // a literal, so no name lookup happens
      ip = InetAddress.getByName(literal.get());
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Scope.UNUSABLE;
    }
    return scope(ip);
  }

  static Scope scope(InetAddress ip) {
    if (ip.isAnyLocalAddress() || ip.isMulticastAddress() || ip.isLinkLocalAddress()) {
      return Scope.UNUSABLE;
    }
    if (ip.isLoopbackAddress()) {
      return Scope.LOOPBACK;
    }
    byte[] b = ip.getAddress();
    boolean sharedV4 = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    if (ip.isSiteLocalAddress() || sharedV4 || uniqueLocalV6) {
      return Scope.PRIVATE;
    }
    return Scope.PUBLIC;
  }
}

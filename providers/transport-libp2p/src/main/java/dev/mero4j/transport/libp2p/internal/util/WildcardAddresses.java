package dev.mero4j.transport.libp2p.internal.util;

import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Expands wildcard listen addresses ({@code /ip4/0.0.0.0}, {@code /ip6/::}) into the concrete
 * addresses of this host's interfaces, which are what a peer can dial.
 */
public final class WildcardAddresses {
  private static final System.Logger LOG = System.getLogger(WildcardAddresses.class.getName());

  private WildcardAddresses() {}

  /**
   * The dialable form of {@code bound}: each wildcard address becomes one address per interface
   * address of its family (link-local IPv6 left out: it needs a zone), others stay as they are.
   */
  public static List<Multiaddr> expand(List<Multiaddr> bound, List<InetAddress> interfaces) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (Multiaddr address : bound) {
      Optional<String> family = wildcardFamily(address);
      if (family.isEmpty()) {
        out.add(address);
        continue;
      }
      boolean v4 = family.get().equals("ip4");
      for (InetAddress ip : interfaces) {
        boolean sameFamily = v4 ? ip instanceof Inet4Address : ip instanceof Inet6Address;
        if (sameFamily && !ip.isLinkLocalAddress()) {
          out.add(withHost(address, family.get(), ip.getHostAddress().replaceAll("%.*$", "")));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The addresses of this host's interfaces that are up, loopback first; loopback alone if
   * unreadable.
   */
  public static List<InetAddress> interfaceAddresses() {
    List<InetAddress> all = new ArrayList<>();
    try {
      for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
        if (nic.isUp()) {
          all.addAll(nic.inetAddresses().toList());
        }
      }
    } catch (SocketException e) {
      LOG.log(Level.WARNING, "cannot list network interfaces; announcing loopback only", e);
      all.clear();
      all.add(InetAddress.getLoopbackAddress());
    }
    all.sort(Comparator.comparing(ip -> !ip.isLoopbackAddress()));
    return all;
  }

  private static Optional<String> wildcardFamily(Multiaddr address) {
    for (String family : List.of("ip4", "ip6")) {
      Optional<String> host = address.value(family);
      if (host.isPresent()) {
        return isAnyLocal(host.get()) ? Optional.of(family) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean isAnyLocal(String literal) {
    try {
      return InetAddress.getByName(literal).isAnyLocalAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + literal, e);
    }
  }

  private static Multiaddr withHost(Multiaddr address, String family, String host) {
    return new Multiaddr(
        address.components().stream()
            .map(c -> c.name().equals(family) ? new Multiaddr.Component(family, host) : c)
            .toList());
  }
}

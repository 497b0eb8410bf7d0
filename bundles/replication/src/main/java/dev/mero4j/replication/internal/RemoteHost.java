package dev.mero4j.replication.internal;

import dev.mero4j.transport.api.PeerId;
import dev.mero4j.transport.api.Transport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The host a peer's gossip comes from, as per-host budgets count it: one IPv4 address, one IPv6 /64
 * (the smallest prefix a site is given, so one machine can hold all of it), or this machine for
 * every loopback address.
 *
 * <p>Every peer on this machine shares {@link #LOOPBACK}: budgets give it a larger share than a
 * remote host, so the nodes of a local cluster do not starve one another, yet never all of a
 * buffer, so a remote host still gets through.
 */
public record RemoteHost(String key) {
  /** Bits of an IPv6 address that name one host. */
  static final int IPV6_PREFIX_BITS = 64;

  /** Every address of this machine. */
  public static final RemoteHost LOOPBACK = new RemoteHost("loopback");

  /** The host of {@code peer}'s open connection, when the transport knows its IP address. */
  public static Optional<RemoteHost> of(Transport transport, PeerId peer) {
    return transport.remoteAddress(peer).map(RemoteHost::of);
  }

  /** The host {@code address} belongs to. */
  public static RemoteHost of(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (address instanceof Inet6Address) {
      byte[] prefix = Arrays.copyOf(address.getAddress(), IPV6_PREFIX_BITS / 8);
      return new RemoteHost(HexFormat.of().formatHex(prefix) + "/" + IPV6_PREFIX_BITS);
    }
    return new RemoteHost(address.getHostAddress());
  }

  /** Whether this is this machine. */
  public boolean loopback() {
    return equals(LOOPBACK);
  }
}

package dev.mero4j.transport.libp2p.internal.kad;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The network a peer's IP address belongs to, for the routing table's diversity limits: the /24 of
 * an IPv4 address, the /48 of an IPv6 one; null (no limit) for loopback, whose peers all share one
 * machine and cannot eclipse anyone else.
 */
public final class IpGroups {
  private IpGroups() {}

  /** The group of {@code address}, or null when it is exempt or unknown. */
  public static String of(InetAddress address) {
    if (address == null || address.isLoopbackAddress()) {
      return null;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return "ip4:" + (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF);
    }
    return String.format("ip6:%02x%02x:%02x%02x:%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
  }
}

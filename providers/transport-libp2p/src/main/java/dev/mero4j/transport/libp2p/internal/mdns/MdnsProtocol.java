package dev.mero4j.transport.libp2p.internal.mdns;

import java.time.Duration;

/**
 * Constants of libp2p's mDNS discovery: a PTR query for {@code _p2p._udp.local}, answered with a
 * PTR to a random peer name and TXT records {@code dnsaddr=<multiaddr>/p2p/<id>}.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/discovery/mdns.md">libp2p mDNS</a>
 */
public final class MdnsProtocol {
  public static final String SERVICE = "_p2p._udp.local";
  public static final String GROUP_IPV4 = "224.0.0.251";
  public static final int PORT = 5353;

  static final int TYPE_PTR = 12;
  static final int TYPE_TXT = 16;
  static final int CLASS_IN = 1;
  static final int FLAGS_RESPONSE = 0x8400;
  static final String DNSADDR = "dnsaddr=";

  /** Records live this long in peers' caches. */
  static final int TTL_SECONDS = 120;

  /** How often a node asks the LAN who is there. */
  public static final Duration QUERY_INTERVAL = Duration.ofSeconds(60);

  /** Larger UDP payloads are not mDNS; reject before parsing. */
  static final int MAX_PACKET = 9000;

  /** Records per section accepted from one packet. */
  static final int MAX_RECORDS = 64;

  private MdnsProtocol() {}
}

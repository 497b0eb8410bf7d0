package dev.mero4j.transport.libp2p.internal.ping;

/**
 * Id and payload size of libp2p ping.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/ping/ping.md">ping</a>
 */
public final class PingProtocol {
  public static final String ID = "/ipfs/ping/1.0.0";
  static final int PAYLOAD = 32;

  private PingProtocol() {}
}

package dev.mero4j.transport.libp2p.internal.identify;

/**
 * Ids and limits of libp2p identify.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/identify/README.md">identify</a>
 */
public final class IdentifyProtocol {
  public static final String ID = "/ipfs/id/1.0.0";
  public static final String PUSH_ID = "/ipfs/id/push/1.0.0";
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

  /** js-libp2p caps identify messages at 8 KiB; so do we. */
  static final int MAX_MESSAGE = 8 * 1024;

  private IdentifyProtocol() {}
}

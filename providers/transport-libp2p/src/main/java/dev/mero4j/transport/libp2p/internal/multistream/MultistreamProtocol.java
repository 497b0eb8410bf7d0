package dev.mero4j.transport.libp2p.internal.multistream;

/**
 * Protocol ids of multistream-select 1.0.
 *
 * @see <a href="https://github.com/multiformats/multistream-select">multistream-select</a>
 */
public final class MultistreamProtocol {
  public static final String ID = "/multistream/1.0.0";
  public static final String NOT_AVAILABLE = "na";

  /** Longest protocol line accepted; ids are short, so anything longer is an attack. */
  public static final int MAX_LINE = 1024;

  /** Proposals a dialer may make on one stream before the listener gives up. */
  public static final int MAX_PROPOSALS = 16;

  private MultistreamProtocol() {}
}

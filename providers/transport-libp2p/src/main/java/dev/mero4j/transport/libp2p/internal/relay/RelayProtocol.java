package dev.mero4j.transport.libp2p.internal.relay;

/**
 * Constants of circuit relay v2: protocol ids, message types and status codes.
 *
 * @see <a href="https://github.com/libp2p/specs/blob/master/relay/circuit-v2.md">circuit relay
 *     v2</a>
 */
public final class RelayProtocol {
  private RelayProtocol() {}

  public static final String HOP_ID = "/libp2p/circuit/relay/0.2.0/hop";
  public static final String STOP_ID = "/libp2p/circuit/relay/0.2.0/stop";

  /** Largest hop or stop message accepted (a few addresses and a voucher fit in far less). */
  public static final int MAX_MESSAGE = 4096;

  /** Addresses kept from one peer or reservation message. */
  public static final int MAX_ADDRS = 16;

  public static final int HOP_RESERVE = 0;
  public static final int HOP_CONNECT = 1;
  public static final int HOP_STATUS = 2;
  public static final int STOP_CONNECT = 0;
  public static final int STOP_STATUS = 1;

  public static final int OK = 100;
  public static final int RESERVATION_REFUSED = 200;
  public static final int RESOURCE_LIMIT_EXCEEDED = 201;
  public static final int PERMISSION_DENIED = 202;
  public static final int CONNECTION_FAILED = 203;
  public static final int NO_RESERVATION = 204;
  public static final int MALFORMED_MESSAGE = 400;
  public static final int UNEXPECTED_MESSAGE = 401;

  /** Signed-envelope domain of reservation vouchers. */
  public static final String VOUCHER_DOMAIN = "libp2p-relay-rsvp";

  /**
   * The voucher payload type: multicodec {@code 0x0302} as two big-endian bytes, as go-libp2p and
   * js-libp2p write it (not as a varint).
   */
  static final byte[] VOUCHER_PAYLOAD_TYPE = {0x03, 0x02};
}

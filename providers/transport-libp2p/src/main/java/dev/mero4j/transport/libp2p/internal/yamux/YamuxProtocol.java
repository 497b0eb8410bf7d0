package dev.mero4j.transport.libp2p.internal.yamux;

/**
 * Ids, frame types, flags and limits of Yamux.
 *
 * @see <a href="https://github.com/hashicorp/yamux/blob/master/spec.md">yamux spec</a>
 * @see <a href="https://github.com/libp2p/specs/blob/master/yamux/README.md">libp2p yamux</a>
 */
public final class YamuxProtocol {
  public static final String ID = "/yamux/1.0.0";

  static final int VERSION = 0;
  static final int HEADER_LENGTH = 12;

  static final int TYPE_DATA = 0;
  static final int TYPE_WINDOW_UPDATE = 1;
  static final int TYPE_PING = 2;
  static final int TYPE_GO_AWAY = 3;

  static final int FLAG_SYN = 1;
  static final int FLAG_ACK = 2;
  static final int FLAG_FIN = 4;
  static final int FLAG_RST = 8;

  static final int GO_AWAY_NORMAL = 0;
  static final int GO_AWAY_PROTOCOL_ERROR = 1;

  /** Every stream starts with this receive window (spec default). */
  static final int INITIAL_WINDOW = 256 * 1024;

  /** Largest data frame we send; matches js-yamux's default maxMessageSize. */
  static final int MAX_SEND_FRAME = 64 * 1024;

  /** Concurrent streams per connection (Calimero: 256); more are refused with RST. */
  public static final int MAX_STREAMS = 256;

  /** Streams refused at the limit before the peer counts as flooding and is disconnected. */
  static final int MAX_REFUSED_STREAMS = 64;

  /** Bytes buffered for a peer that does not open its window; beyond this the stream is reset. */
  static final int MAX_PENDING_PER_STREAM = 32 * 1024 * 1024;

  /** Silent ping periods in a row before a connection counts as dead (Calimero: 3 failures). */
  static final int MAX_MISSED_PINGS = 3;

  private YamuxProtocol() {}
}

package dev.mero4j.server;

import java.util.Objects;

/**
 * A refused {@link NodeInfo#connect} or {@link NodeInfo#disconnect}; the message is for operators.
 */
public class PeerConnectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the request failed. */
  public enum Reason {
    /** The multiaddr or peer id is malformed or unsupported. */
    INVALID_ADDRESS,
    /** Every address was tried and refused, or the peer proved to be someone else. */
    UNREACHABLE,
    /** No connection within the timeout. */
    TIMEOUT,
    /** The node runs without a transport. */
    OFFLINE,
    /** A disconnect named a peer that has no open connection. */
    NOT_CONNECTED
  }

  private final Reason reason;

  public PeerConnectionException(Reason reason, String message) {
    this(reason, message, null);
  }

  public PeerConnectionException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}

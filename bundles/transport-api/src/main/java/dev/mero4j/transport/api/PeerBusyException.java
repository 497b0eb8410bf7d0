package dev.mero4j.transport.api;

/**
 * The peer refused a request because it is at one of its limits (streams, bytes or work in flight):
 * back-pressure from an honest peer, to retry later, not misbehaviour.
 */
public class PeerBusyException extends TransportException {
  private static final long serialVersionUID = 1L;

  public PeerBusyException(String message) {
    super(message);
  }
}

package dev.mero4j.transport.api;

/** A peer could not be dialled or its connection closed before an answer. */
public class PeerUnreachableException extends TransportException {
  private static final long serialVersionUID = 1L;

  public PeerUnreachableException(String message) {
    super(message);
  }

  public PeerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}

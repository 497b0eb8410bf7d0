package dev.mero4j.transport.api;

/** An operation on a transport that was already closed. */
public class TransportClosedException extends TransportException {
  private static final long serialVersionUID = 1L;

  public TransportClosedException(String message) {
    super(message);
  }

  public TransportClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}

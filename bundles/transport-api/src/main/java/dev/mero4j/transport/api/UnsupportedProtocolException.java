package dev.mero4j.transport.api;

/** The remote peer does not serve the requested protocol id. */
public class UnsupportedProtocolException extends TransportException {
  private static final long serialVersionUID = 1L;

  public UnsupportedProtocolException(String message) {
    super(message);
  }

  public UnsupportedProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}

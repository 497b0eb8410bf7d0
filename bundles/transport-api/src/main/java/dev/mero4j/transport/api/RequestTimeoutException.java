package dev.mero4j.transport.api;

/** A request got no response within its timeout. */
public class RequestTimeoutException extends TransportException {
  private static final long serialVersionUID = 1L;

  public RequestTimeoutException(String message) {
    super(message);
  }

  public RequestTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}

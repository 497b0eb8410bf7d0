package dev.mero4j.transport.api;

/** A peer sent bytes that break the protocol it negotiated. */
public class ProtocolViolationException extends TransportException {
  private static final long serialVersionUID = 1L;

  public ProtocolViolationException(String message) {
    super(message);
  }

  public ProtocolViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.mero4j.transport.api;

/** A listen address is already bound by another process. */
public class AddressInUseException extends TransportException {
  private static final long serialVersionUID = 1L;

  public AddressInUseException(String message) {
    super(message);
  }

  public AddressInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
